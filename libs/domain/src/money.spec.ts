import fc from 'fast-check';
import { amountDigitsMax, amountVndMax, formatVnd, isAmountWithinBounds, parseVnd } from './money';

describe('parseVnd', () => {
  it.each([
    ['0', 0n],
    ['1', 1n],
    ['729000000000', 729_000_000_000n],
    ['9007199254740993', 9_007_199_254_740_993n],
    ['9223372036854775807', 9_223_372_036_854_775_807n],
    ['9999999999999999999', 9_999_999_999_999_999_999n],
  ])('reads %p exactly', (text, expected) => {
    expect(parseVnd(text)).toBe(expected);
  });

  it.each([
    ['the empty string', ''],
    ['a leading zero', '01'],
    ['a fraction', '1.5'],
    ['a negative amount', '-1'],
    ['an explicit plus sign', '+1'],
    ['exponent notation', '1e3'],
    ['Vietnamese thousands separators', '1.000.000'],
    ['underscores', '1_000'],
    ['surrounding spaces', ' 1 '],
    ['a hexadecimal literal', '0x10'],
    ['twenty digits', '12345678901234567890'],
    ['words', 'một triệu'],
  ])('refuses %s', (_label, text) => {
    expect(parseVnd(text)).toBeUndefined();
  });

  it('reads back every whole number of up to the maximum number of digits', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 10n ** BigInt(amountDigitsMax) - 1n), (amountVnd) => {
        expect(parseVnd(amountVnd.toString())).toBe(amountVnd);
      }),
    );
  });
});

describe('isAmountWithinBounds', () => {
  it.each([
    [-1n, false],
    [0n, false],
    [1n, true],
    [amountVndMax, true],
    [amountVndMax + 1n, false],
  ])('says %p is %p', (amountVnd, expected) => {
    expect(isAmountWithinBounds(amountVnd)).toBe(expected);
  });

  it('keeps the per-command maximum at 10^16 − 1 đồng', () => {
    expect(amountVndMax).toBe(10n ** 16n - 1n);
  });
});

describe('formatVnd', () => {
  it.each([
    [0n, '0 ₫'],
    [999n, '999 ₫'],
    [1_000n, '1.000 ₫'],
    [1_000_000n, '1.000.000 ₫'],
    [729_000_000_000n, '729.000.000.000 ₫'],
    [40_180_000_000_000n, '40.180.000.000.000 ₫'],
    [9_007_199_254_740_993n, '9.007.199.254.740.993 ₫'],
    [-1_500n, '-1.500 ₫'],
  ])('writes %p as %p', (amountVnd, expected) => {
    expect(formatVnd(amountVnd)).toBe(expected);
  });

  it('loses no digit: removing the dots gives the amount back', () => {
    fc.assert(
      fc.property(fc.bigInt(0n, 10n ** 19n), (amountVnd) => {
        expect(BigInt(formatVnd(amountVnd).replace(/\.| ₫$/g, ''))).toBe(amountVnd);
      }),
    );
  });
});
