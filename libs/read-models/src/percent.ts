/**
 * Rates are ratios of two amounts of đồng, written as a percentage with two decimals
 * (`"96.99"`), rounded half up. They are computed from the bigint amounts, never through a
 * floating-point number, so a report shows the same figure on every run and platform.
 * A rate against a plan of zero is undefined and written as null.
 */
export function percentOf(numeratorVnd: bigint, denominatorVnd: bigint): string | null {
  if (denominatorVnd <= 0n) return null;
  const negative = numeratorVnd < 0n;
  const magnitude = negative ? -numeratorVnd : numeratorVnd;
  // Hundredths of a per cent: ×10,000, then round half up.
  const hundredths = (magnitude * 10_000n * 2n + denominatorVnd) / (2n * denominatorVnd);
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, '0');
  return `${negative && hundredths > 0n ? '-' : ''}${whole.toString()}.${fraction}`;
}
