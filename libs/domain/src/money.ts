/**
 * Money is whole Vietnamese đồng held as `bigint`. VND has no minor unit, so there is no
 * rounding anywhere in the ledger: a `number` never holds an amount.
 */
export type Vnd = bigint;

/**
 * The largest amount one command may move: 10^16 − 1 đồng, about five times Vietnam's whole
 * annual state budget. It keeps every balance far inside a signed 64-bit integer.
 */
export const amountVndMax: Vnd = 9_999_999_999_999_999n;

/** The longest decimal string accepted for an amount, before it is parsed. */
export const amountDigitsMax = 19;
/**
 * The text of an amount: whole đồng in decimal digits, no sign, no leading zero, at most
 * `amountDigitsMax` digits. "007" and "1" are not two spellings of one amount: "007" is refused.
 */
export const amountTextPattern = /^(0|[1-9][0-9]{0,18})$/;

/** Parses a decimal string of whole đồng. Returns undefined when the text is not one. */
export function parseVnd(text: string): Vnd | undefined {
  if (!amountTextPattern.test(text)) return undefined;
  return BigInt(text);
}

export function isAmountWithinBounds(amountVnd: Vnd): boolean {
  return amountVnd > 0n && amountVnd <= amountVndMax;
}

/** Formats an amount with dots between thousands, as Vietnamese documents write it. */
export function formatVnd(amountVnd: Vnd): string {
  const negative = amountVnd < 0n;
  const digits = (negative ? -amountVnd : amountVnd).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped} ₫`;
}
