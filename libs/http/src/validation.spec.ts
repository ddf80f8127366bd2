import fc from 'fast-check';
import { isRealDate } from './validation';

/** What the check must agree with: the calendar as Date knows it. */
function isRealDateByDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

describe('isRealDate', () => {
  it('agrees with the calendar for every year, month and day', () => {
    const part = (digits: number, max: number) => fc.integer({ min: 0, max }).map((value) => value.toString().padStart(digits, '0'));
    fc.assert(
      fc.property(part(4, 9999), part(2, 99), part(2, 99), (year, month, day) => {
        const text = `${year}-${month}-${day}`;
        expect(isRealDate(text)).toBe(isRealDateByDate(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-1-01', false],
    ['2024-01-01T00:00:00Z', false],
    [' 2024-01-01', false],
    ['', false],
  ])('%s is %s', (text, expected) => {
    expect(isRealDate(text)).toBe(expected);
  });
});
