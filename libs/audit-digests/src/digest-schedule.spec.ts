import { firstDigestDelayMs, firstTickDelayMs } from './digest-schedule';

describe('the first scheduled digest after a start', () => {
  const hourMs = 3_600_000;
  const now = new Date('2024-12-01T12:00:00.000Z');

  it('comes after the shortest wait when none is recorded, or the last is an interval old or more', () => {
    expect(firstTickDelayMs(undefined, now, hourMs)).toBe(firstDigestDelayMs);
    expect(firstTickDelayMs('2024-12-01T10:00:00.000Z', now, hourMs)).toBe(firstDigestDelayMs);
    expect(firstTickDelayMs('not a time', now, hourMs)).toBe(firstDigestDelayMs);
  });

  it('continues the schedule of the record: an interval after the last digest, never more than one interval away', () => {
    expect(firstTickDelayMs('2024-12-01T11:30:00.000Z', now, hourMs)).toBe(30 * 60_000);
    // A last digest stamped in the future (a clock set back) waits one interval, not until then.
    expect(firstTickDelayMs('2024-12-03T00:00:00.000Z', now, hourMs)).toBe(hourMs);
    expect(firstTickDelayMs(undefined, now, firstDigestDelayMs)).toBe(firstDigestDelayMs);
  });
});
