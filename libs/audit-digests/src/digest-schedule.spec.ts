import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DigestRecord, generateSigningKeyPem, readSigningKey } from '@ledger/audit';
import { ArrayEventSource, linkedHistory } from '@ledger/audit/testing';
import { DigestSchedule, firstDigestDelayMs, firstTickDelayMs, type DigestTickResult } from './digest-schedule';

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

describe('the digest schedule', () => {
  const now = new Date('2024-12-01T12:00:00.000Z');

  function scheduleOver(source: ArrayEventSource, onResult?: (result: DigestTickResult) => void) {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'ledger-key-')), 'digest.key');
    writeFileSync(keyFile, generateSigningKeyPem().privateKeyPem);
    const warnings: string[] = [];
    const schedule = new DigestSchedule({
      source,
      record: new DigestRecord(mkdtempSync(join(tmpdir(), 'ledger-digests-'))),
      store: 'sqlite',
      signingKey: () => readSigningKey(keyFile),
      clock: { now: () => now },
      intervalMs: 3_600_000,
      logger: { log: () => undefined, warn: (message) => warnings.push(message) },
      onResult,
    });
    return { schedule, warnings };
  }

  it('counts what each tick did, and starts and stops without a tick of its own before the first wait', async () => {
    const events = linkedHistory({ 'account-A': 3 });
    const source = new ArrayEventSource(events.slice(0, 2));
    const { schedule } = scheduleOver(source);
    await schedule.start();
    expect(schedule.status).toMatchObject({ running: true, made: 0, lastDigest: null, nextTickAt: new Date(now.getTime() + firstDigestDelayMs).toISOString() });
    expect(await schedule.tick()).toMatchObject({ kind: 'made', entry: { position: '1' } });
    expect(await schedule.tick()).toMatchObject({ kind: 'skipped' });
    await schedule.stop();
    expect(schedule.status).toMatchObject({ running: false, made: 1, skipped: 1, failed: 0, consecutiveFailures: 0, lastDigest: { position: '1' }, nextTickAt: null });
  });

  it('never rejects a tick: a failure is counted and named, and a result that cannot be counted is only logged', async () => {
    const source = new ArrayEventSource(linkedHistory({ 'account-A': 2 }));
    source.headPosition = () => Promise.reject(new Error('the store is gone'));
    const { schedule, warnings } = scheduleOver(source, () => {
      throw new Error('metrics broken');
    });
    expect(await schedule.tick()).toEqual({ kind: 'failed', code: 'STORE_READ_FAILED', message: 'the store did not give its end: the store is gone' });
    expect(schedule.status).toMatchObject({ failed: 1, consecutiveFailures: 1, lastFailure: { code: 'STORE_READ_FAILED', at: now.toISOString() } });
    expect(warnings).toEqual([expect.stringMatching(/STORE_READ_FAILED, 1 in a row/), expect.stringMatching(/could not be counted: metrics broken/)]);
  });
});
