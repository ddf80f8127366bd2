import { int64, int64OrNull, smallInteger } from './int64';
import { percentOf } from './percent';

describe('percentOf', () => {
  it.each([
    [295n, 700n, '42.14'],
    [30n, 700n, '4.29'],
    [1n, 3n, '33.33'],
    [2n, 3n, '66.67'],
    [1n, 200n, '0.50'],
    [1n, 20_000n, '0.01'],
    [1n, 20_001n, '0.00'],
    [700n, 700n, '100.00'],
    [0n, 5n, '0.00'],
    [-1n, 3n, '-33.33'],
    [9_223_372_036_854_775_807n, 9_223_372_036_854_775_807n, '100.00'],
  ])('%s / %s is %s %%', (numerator, denominator, expected) => {
    expect(percentOf(numerator, denominator)).toBe(expected);
  });

  it('is null against a plan of zero', () => {
    expect(percentOf(5n, 0n)).toBeNull();
  });
});

describe('int64 codec', () => {
  it('reads the shapes drivers return without rounding', () => {
    expect(int64(9_223_372_036_854_775_807n)).toBe(9_223_372_036_854_775_807n);
    expect(int64('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
    expect(int64('-42')).toBe(-42n);
    expect(int64(2024)).toBe(2024n);
    expect(int64OrNull(null)).toBeNull();
    expect(smallInteger(2024n)).toBe(2024);
  });

  it('refuses what is not a 64-bit integer', () => {
    expect(() => int64(2 ** 53 + 2)).toThrow(RangeError);
    expect(() => int64('12.5')).toThrow(RangeError);
    expect(() => int64('')).toThrow(RangeError);
    expect(() => int64(undefined)).toThrow(RangeError);
  });
});
