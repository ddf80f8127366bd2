/**
 * Read stores hand 64-bit integers back in different shapes: better-sqlite3 with safe integers
 * gives `bigint`, node-postgres gives `bigint` columns and `SUM` results as decimal strings, and
 * small counts may come as `number`. Every amount and position read from a read store goes through
 * this codec, so the rest of the code sees `bigint` only and never a rounded value.
 */

export type Int64Value = bigint | number | string;

const integerText = /^-?[0-9]{1,19}$/;

/** Reads a 64-bit integer from whatever the driver returned; null and undefined stay null. */
export function int64OrNull(value: unknown): bigint | null {
  if (value === null || value === undefined) return null;
  return int64(value);
}

/** Reads a 64-bit integer from whatever the driver returned. A broken value stops the reader. */
export function int64(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`read store returned ${value}, which is not a safe integer`);
    return BigInt(value);
  }
  if (typeof value === 'string' && integerText.test(value)) return BigInt(value);
  throw new RangeError(`read store returned ${String(value)} where a 64-bit integer was expected`);
}

/** Small integers (plan years, depths, counts within a page) as a JS number. */
export function smallInteger(value: unknown): number {
  const integer = int64(value);
  if (integer > BigInt(Number.MAX_SAFE_INTEGER) || integer < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`read store returned ${integer.toString()} where a small integer was expected`);
  }
  return Number(integer);
}
