import fc from 'fast-check';
import { vietnamDate } from './clock';

describe('vietnamDate', () => {
  it('is the UTC+7 calendar date of any instant, whatever was asked before', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2_000_000_000_000, max: 5_000_000_000_000 }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(vietnamDate(new Date(ms))).toBe(new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('turns at midnight in Hà Nội, 17:00 UTC', () => {
    expect(vietnamDate(new Date('2024-06-15T16:59:59.999Z'))).toBe('2024-06-15');
    expect(vietnamDate(new Date('2024-06-15T17:00:00.000Z'))).toBe('2024-06-16');
    expect(vietnamDate(new Date('2024-06-15T16:59:59.999Z'))).toBe('2024-06-15');
  });
});
