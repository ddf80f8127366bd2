import fc from 'fast-check';
import { accountStreamId, decodeEvent, foldAccount, parseAccountId, type AccountEvent, type AccountKey, type DomainEvent } from '@ledger/domain';
import { registryFixtureEvents } from '@ledger/domain/testing';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '@ledger/event-store';
import type { Kysely } from 'kysely';
import { derive, disbursementReport, localityRollup, type ProjectionEvent, type ReadDatabase } from '@ledger/read-models';
import { EventLog, ProjectionHarness } from '@ledger/read-models/testing';
import { openSqliteReadStore } from '@ledger/read-models-sqlite';
import { AccountHistory, endOfVietnamDay, figuresOf, LedgerAsOf, type AsOfView } from '@ledger/audit';
import { ArrayEventSource as Source } from '@ledger/audit/testing';
import { ReferenceModel } from '../../read-models/support/reference-model';
import { foldAccountHistory } from './support/account-history-store';

/*
 * As-of answers against an independent reading of the same events, for random histories with
 * back-dated entries and corrections: an account folded by the domain from exactly the events of
 * the view, and a roll-up read by the reference model from them. The account answers come from
 * snapshots taken every few events (derived data), so this also checks snapshots against a full fold;
 * and the same answers come from the account history persisted in a read store (SQLite), folded in
 * random batches and left behind the store by a random number of events.
 */

const national = parseAccountId('DTTS.2024.VN.DTPT.NSTW._') as AccountKey;
const province = parseAccountId('DTTS.2024.11.DTPT.NSTW._') as AccountKey;
const district = parseAccountId('DTTS.2024.096.DTPT.NSTW._') as AccountKey;
const dayMs = 24 * 60 * 60 * 1000;
const firstDayMs = Date.UTC(2024, 2, 1, 3);

const step = fc.record({
  kind: fc.constantFrom('assign', 'allocate', 'allocate-down', 'disburse', 'disburse', 'reverse'),
  amountVnd: fc.bigInt(1n, 1_000n),
  daysLater: fc.integer({ min: 0, max: 3 }),
  backDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 31, max: 90 })),
  pick: fc.nat(),
});
type Step = { kind: string; amountVnd: bigint; daysLater: number; backDays: number; pick: number };

function dateOf(ms: number): string {
  return new Date(ms + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * A history of events written straight into a log: debits credited at once, dates that go back,
 * reversals of earlier payments. Money is never spent before it arrives, in either clock: credits
 * (assignments, reversals) may be entered late, by days or by months, while debits take effect on
 * the day they are recorded.
 */
function history(steps: readonly Step[]): ProjectionEvent[] {
  const log = new EventLog();
  for (const event of registryFixtureEvents) log.append(event.type === 'LocalityRegistered' ? 'registry-localities' : 'registry-programs', event, { recordedAt: new Date(firstDayMs - dayMs), effectiveDate: '2024-02-01' });
  let recordedMs = firstDayMs;
  let ids = 0;
  const disbursed: { account: AccountKey; id: string; amountVnd: bigint }[] = [];
  const available = new Map<string, bigint>();
  const holds = (key: AccountKey): bigint => available.get(key.localityId) ?? 0n;
  const move = (key: AccountKey, amountVnd: bigint): void => void available.set(key.localityId, holds(key) + amountVnd);
  const write = (key: AccountKey, event: DomainEvent, effectiveDate: string, atMs: number): void => {
    log.account(`${key.programCode}.${key.planYear}.${key.localityId}.${key.capitalType}.${key.budgetSource}._`, event, { effectiveDate, recordedAt: new Date(atMs), commandId: `c${(ids += 1)}` });
  };
  for (const { kind, amountVnd, daysLater, backDays, pick } of steps) {
    recordedMs += daysLater * dayMs + 60_000;
    const creditDate = dateOf(recordedMs - backDays * dayMs);
    const debitDate = dateOf(recordedMs);
    const transferId = `t${ids}`;
    switch (kind) {
      case 'assign':
        write(national, { type: 'BudgetAssigned', data: { amountVnd: amountVnd * 100n } }, creditDate, recordedMs);
        move(national, amountVnd * 100n);
        break;
      case 'allocate':
      case 'allocate-down': {
        const [from, to] = kind === 'allocate' ? [national, province] : [province, district];
        if (holds(from) < amountVnd) break;
        move(from, -amountVnd);
        move(to, amountVnd);
        const effectiveDate = debitDate;
        write(from, { type: 'FundsAllocated', data: { transferId, toAccountId: `DTTS.2024.${to.localityId}.DTPT.NSTW._`, amountVnd } }, effectiveDate, recordedMs);
        // The credit takes the debit's date; now and then it is recorded a day later (in transit meanwhile).
        write(to, { type: 'FundsReceived', data: { transferId, fromAccountId: `DTTS.2024.${from.localityId}.DTPT.NSTW._`, amountVnd, transferKind: 'allocation' } }, effectiveDate, recordedMs + (pick % 3 === 0 ? dayMs : 1));
        break;
      }
      case 'disburse': {
        const account = pick % 2 === 0 ? province : district;
        if (holds(account) < amountVnd) break;
        move(account, -amountVnd);
        const effectiveDate = debitDate;
        const id = `d${ids}`;
        write(account, { type: 'FundsDisbursed', data: { disbursementId: id, amountVnd, voucherRef: `KB-${ids}`, disbursedOn: effectiveDate } }, effectiveDate, recordedMs);
        disbursed.push({ account, id, amountVnd });
        break;
      }
      case 'reverse': {
        const original = disbursed.splice(pick % Math.max(1, disbursed.length), 1)[0];
        if (!original) break;
        move(original.account, original.amountVnd);
        // A correction entered late takes effect on the day of the payment it corrects at the earliest.
        write(original.account, { type: 'DisbursementReversed', data: { disbursementId: original.id, amountVnd: original.amountVnd, reason: 'đảo' } }, creditDate < String(dateOf(recordedMs)) ? dateOf(recordedMs) : creditDate, recordedMs);
        break;
      }
    }
    ids += 1;
  }
  // Store times as a store stamps them: never earlier than the event before, in position order.
  const revisions = new Map<string, bigint>();
  let lastMs = 0;
  return [...log.events]
    .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || Number(a.position - b.position))
    .map((event, index) => {
      const revision = revisions.get(event.streamId) ?? 0n;
      revisions.set(event.streamId, revision + 1n);
      lastMs = Math.max(lastMs, event.recordedAt.getTime());
      return { ...event, position: BigInt(index), revision, recordedAt: new Date(lastMs) };
    });
}

/** Reads streams from the array, as the port would. */
function arrayStore(events: readonly ProjectionEvent[]): EventStore {
  const recorded = events as readonly (ProjectionEvent & { revision: bigint })[];
  const unsupported = (): never => {
    throw new Error('not used by the as-of code');
  };
  return {
    readStream: async (streamId: string, options: ReadStreamOptions = {}) =>
      recorded
        .filter((event) => event.streamId === streamId && event.revision >= (options.fromRevision ?? 0n))
        .slice(0, options.maxCount ?? 10_000) as unknown as RecordedEvent[],
    headPosition: async () => events.at(-1)?.position ?? -1n,
    appendToStream: unsupported,
    readAll: unsupported,
    subscribeToAll: unsupported,
    findCommand: unsupported,
    close: async () => undefined,
  };
}

function independentlyInView(view: AsOfView, event: ProjectionEvent): boolean {
  if (view.kind === 'position') return event.position <= view.asOfPosition;
  if (view.kind === 'recorded-time') return event.recordedAt <= view.knownAt;
  return String(event.metadata.effectiveDate) <= view.asOfDate;
}

function viewsFor(events: readonly ProjectionEvent[], pick: readonly number[]): AsOfView[] {
  const last = events[events.length - 1];
  const position = BigInt(pick[0] % events.length);
  const knownAt = new Date(events[0].recordedAt.getTime() + (pick[1] % Math.max(1, last.recordedAt.getTime() - events[0].recordedAt.getTime())));
  const dates = events.map((event) => String(event.metadata.effectiveDate)).sort();
  return [
    { kind: 'position', asOfPosition: position },
    { kind: 'recorded-time', knownAt },
    { kind: 'effective-date', asOfDate: dates[pick[2] % dates.length] },
  ];
}

const scratch = () => openSqliteReadStore({ filePath: ':memory:' });
const rollupOf = (localityId: string) => async (db: Kysely<ReadDatabase>) => (await localityRollup(db, localityId, {})).value;

describe('as-of answers from random histories', () => {
  it('equal an independent fold of exactly the events of each view, for accounts and roll-ups', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 10, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 12 }),
        async (steps, pick, snapshotEvery, batchSizes, behind) => {
        const events = history(steps);
        const accounts = new AccountHistory(arrayStore(events), snapshotEvery);
        const ledger = new LedgerAsOf(new Source(events), scratch);
        const readStore = await scratch();
        try {
        await foldAccountHistory(readStore, events.slice(0, Math.max(0, events.length - behind)), snapshotEvery, batchSizes);
        const persisted = new AccountHistory(arrayStore(events), snapshotEvery, readStore.reader);
        for (const view of viewsFor(events, pick)) {
          const inView = events.filter((event) => independentlyInView(view, event));
          for (const key of [national, province, district]) {
            const own = inView.filter((event) => event.streamId === accountStreamId(key));
            const expected = foldAccount(key, own.map((event) => decodeEvent(event.type, event.data, event.metadata.schemaVersion) as AccountEvent));
            const answer = await accounts.asOf(key, view);
            expect({ view: view.kind, key: key.localityId, figures: answer.figures, events: answer.eventsInView }).toEqual({ view: view.kind, key: key.localityId, figures: figuresOf(expected), events: own.length });
            expect({ view, answer: await persisted.asOf(key, view) }).toEqual({ view, answer });
          }
          const reference = new ReferenceModel(inView);
          const rollup = await ledger.folded(view, rollupOf('11'));
          const total = rollup.value.lines.map(derive).reduce((sum, line) => ({ planVnd: sum.planVnd + line.planVnd, netDisbursedVnd: sum.netDisbursedVnd + line.netDisbursedVnd }), { planVnd: 0n, netDisbursedVnd: 0n });
          const figures = reference.figures('11', {});
          const available = rollup.value.lines.reduce((sum, line) => sum + line.availableVnd, 0n);
          expect({ view: view.kind, plan: total.planVnd, netDisbursed: total.netDisbursedVnd, available, inView: rollup.eventsInView }).toEqual({
            view: view.kind,
            plan: figures.planVnd,
            netDisbursed: figures.netDisbursedVnd,
            available: figures.availableVnd,
            inView: inView.length,
          });
        }
        } finally {
          await readStore.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('asOfDate and knownAt differ exactly at the late entries, and each answer says which', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60 }), fc.nat(), async (steps, pick) => {
        const events = history(steps);
        const dates = [...new Set(events.map((event) => String(event.metadata.effectiveDate)))].sort();
        const asOfDate = dates[pick % dates.length];
        const knownAt = new Date(endOfVietnamDay(asOfDate).getTime() - 1);
        // Entered late for the date: effective by it, recorded after it.
        const late = events.filter((event) => String(event.metadata.effectiveDate) <= asOfDate && event.recordedAt > knownAt).map((event) => event.position);
        const byDate = events.filter((event) => independentlyInView({ kind: 'effective-date', asOfDate }, event)).map((event) => event.position);
        const byTime = events.filter((event) => independentlyInView({ kind: 'recorded-time', knownAt }, event)).map((event) => event.position);
        expect(byDate.filter((position) => !byTime.includes(position))).toEqual(late);
        const accounts = new AccountHistory(arrayStore(events), 3);
        const answer = await accounts.asOf(province, { kind: 'effective-date', asOfDate });
        const lateHere = events.filter((event) => event.streamId === accountStreamId(province) && late.includes(event.position)).map((event) => event.position);
        expect(answer.differences?.events.map((difference) => difference.position)).toEqual(lateHere);
        expect(answer.differences?.events.every((difference) => difference.inThisView)).toBe(true);
        const ledger = await new LedgerAsOf(new Source(events), scratch).folded({ kind: 'effective-date', asOfDate }, rollupOf('VN'));
        expect(ledger.differences?.count).toBe(late.length);
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('at a position, gives the read models’ answer at that position: the same roll-up and report', async () => {
    const events = history(fc.sample(fc.array(step, { minLength: 60, maxLength: 60 }), { numRuns: 1, seed: 11 })[0]);
    const ledger = new LedgerAsOf(new Source(events), scratch);
    for (const cut of [Math.floor(events.length / 3), events.length - 1]) {
      const harness = await ProjectionHarness.open();
      try {
        await harness.apply(events.slice(0, cut + 1));
        const position = BigInt(cut);
        const then = await localityRollup(harness.store.reader, '11', {});
        const asOf = await ledger.folded({ kind: 'position', asOfPosition: position }, rollupOf('11'));
        expect({ position: asOf.position, value: asOf.value }).toEqual({ position: then.position, value: then.value });
        const filter = { planYear: 2024, level: 'district' as const, underLocalityId: '11' };
        expect((await ledger.folded({ kind: 'position', asOfPosition: position }, async (db) => (await disbursementReport(db, filter)).value)).value).toEqual((await disbursementReport(harness.store.reader, filter)).value);
      } finally {
        await harness.close();
      }
    }
  });
});
