import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountStateEntries, accountStateOf, accountStreamId, decodeEvent, encodeEventData, foldAccount, parseAccountId, type AccountEvent, type AccountKey, type DomainEvent } from '@ledger/domain';
import type { EventStore, JsonObject, RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { accountHistoryAllEntriesAt, decodeStoredAccountState, EventStoreEventSource, type ProjectionEvent, type ReadStore } from '@ledger/read-models';
import { openSqliteReadStore } from '@ledger/read-models-sqlite';
import { AccountHistory, figuresOf, type AsOfView } from '@ledger/audit';
import { foldAccountHistory } from './support/account-history-store';

/*
 * The account history persisted in the read store (SQLite, the real engine): its snapshots are the
 * domain's fold of the events before them, and an AccountHistory started afresh on it (a restart)
 * answers as the in-memory index does while reading only the events after the snapshot it starts from.
 * Where the history is behind, missing or of another schema version, the answer is still the fold's.
 */

const account = parseAccountId('DTTS.2024.096.DTPT.NSTW._') as AccountKey;
const streamId = accountStreamId(account);
const snapshotEveryEvents = 100;
const accountEvents = 2_400;
const firstDayMs = Date.UTC(2024, 0, 1);

function dayOf(index: number, backDays = 0): string {
  return new Date(firstDayMs + Math.floor(index / 10) * 86_400_000 - backDays * 86_400_000).toISOString().slice(0, 10);
}

/** A budget every fifth event, payments between, now and then a payment entered late or a reversal dated back. */
function eventAt(index: number): { event: DomainEvent; effectiveDate: string; lateEntry: boolean } {
  if (index % 5 === 0) return { event: { type: 'BudgetAssigned', data: { amountVnd: 4_000_000n } }, effectiveDate: dayOf(index), lateEntry: false };
  if (index % 37 === 0) return { event: { type: 'DisbursementReversed', data: { disbursementId: `d-${index - 36}`, amountVnd: 1_000n + BigInt(index - 36), reason: 'đảo' } }, effectiveDate: dayOf(index, 3), lateEntry: false };
  const late = index % 29 === 0;
  const effectiveDate = dayOf(index, late ? 40 : 0);
  return { event: { type: 'FundsDisbursed', data: { disbursementId: `d-${index}`, amountVnd: 1_000n + BigInt(index), voucherRef: `KB-${index}`, disbursedOn: effectiveDate } }, effectiveDate, lateEntry: late };
}

async function append(store: EventStore, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 200) {
    const batch = [];
    for (let index = start; index < Math.min(to, start + 200); index += 1) {
      const { event, effectiveDate, lateEntry } = eventAt(index);
      const metadata: JsonObject = { commandId: `c-${index}`, effectiveDate, schemaVersion: 1 };
      if (lateEntry) metadata.lateEntry = true;
      batch.push({ id: `0190f0a1-0000-7000-8000-${String(index).padStart(12, '0')}`, type: event.type, data: encodeEventData(event) as JsonObject, metadata });
    }
    await store.appendToStream(streamId, batch, { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) });
  }
}

async function everyEvent(store: EventStore): Promise<ProjectionEvent[]> {
  const source = new EventStoreEventSource(store);
  const events: ProjectionEvent[] = [];
  for (let after = -1n; ; ) {
    const page = await source.readAfter(after, 1_000);
    if (page.length === 0) return events;
    events.push(...page);
    after = page[page.length - 1].position;
  }
}

/** The store, counting the events its streams' reads return. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapper: EventStore = Object.create(store);
  wrapper.readStream = async (...args: Parameters<EventStore['readStream']>) => {
    const events = await store.readStream(...args);
    read += events.length;
    return events;
  };
  return { store: wrapper, read: () => read };
}

/** A state's collections as sorted entries, so two states compare whatever order their entries were made in. */
function comparable(state: ReturnType<typeof foldAccount>) {
  return { scalars: { ...state, disbursements: undefined, movementRequests: undefined, vouchers: undefined, fundingByAccount: undefined, receivedTransfers: undefined }, entries: [...accountStateEntries(state)].map(([key, value]) => [`${key.collection}:${key.key}`, value]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))) };
}

describe('the account history in the read store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readStore: ReadStore;
  let stored: RecordedEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-account-history-'));
    store = await SqliteEventStore.open({ filePath: join(dir, 'events.sqlite'), writer: 'inline', synchronous: 'NORMAL' });
    await append(store, 0, accountEvents);
    readStore = await openSqliteReadStore({ filePath: join(dir, 'read.sqlite') });
    await foldAccountHistory(readStore, await everyEvent(store), snapshotEveryEvents, [700, 333]);
    stored = await store.readStream(streamId, { maxCount: 10_000 });
  });
  afterAll(async () => {
    await readStore?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps snapshots that equal the domain’s fold of every event before them', async () => {
    const events = stored.map((event) => decodeEvent(event.type, event.data, event.metadata.schemaVersion) as AccountEvent);
    const snapshots = await readStore.reader.selectFrom('account_history_snapshots').selectAll().where('stream_id', '=', streamId).orderBy('revision').execute();
    expect(snapshots.map((row) => Number(row.revision))).toEqual(Array.from({ length: accountEvents / snapshotEveryEvents }, (_, index) => (index + 1) * snapshotEveryEvents - 1));
    for (const row of snapshots) {
      const revision = Number(row.revision);
      const expected = foldAccount(account, events.slice(0, revision + 1));
      const { scalars, counts } = decodeStoredAccountState(row.state);
      const rebuilt = accountStateOf(scalars, await accountHistoryAllEntriesAt(readStore.reader, streamId, revision));
      expect({ revision, state: comparable(rebuilt) }).toEqual({ revision, state: comparable(expected) });
      const figures = figuresOf(expected);
      expect(counts).toEqual({ disbursementCount: figures.disbursementCount, pendingApprovalRequestCount: figures.pendingApprovalRequestCount, reversedDisbursementCount: figures.reversedDisbursementCount });
      expect(BigInt(row.position as bigint)).toBe(stored[revision].position);
    }
  });

  function views(): AsOfView[] {
    const at = (share: number) => stored[Math.floor(share * (stored.length - 1))];
    return [
      { kind: 'position', asOfPosition: at(0.37).position },
      { kind: 'position', asOfPosition: at(1).position },
      { kind: 'position', asOfPosition: -1n },
      { kind: 'recorded-time', knownAt: at(0.61).recordedAt },
      { kind: 'recorded-time', knownAt: new Date(firstDayMs) },
      { kind: 'effective-date', asOfDate: dayOf(Math.floor(accountEvents * 0.5)) },
      { kind: 'effective-date', asOfDate: dayOf(Math.floor(accountEvents * 0.83)) },
      { kind: 'effective-date', asOfDate: dayOf(accountEvents + 100) },
      { kind: 'effective-date', asOfDate: '2023-12-31' },
    ];
  }

  it('answers after a restart as the in-memory index does, reading only the events after a snapshot', async () => {
    const folded = new AccountHistory(store, snapshotEveryEvents);
    for (const view of views()) {
      const restarted = counting(store);
      const answer = await new AccountHistory(restarted.store, snapshotEveryEvents, readStore.reader).asOf(account, view);
      expect({ view, answer }).toEqual({ view, answer: await folded.asOf(account, view) });
      // Two prefixes (the view's and the other clock's), each within a snapshot's span, and the differences listed.
      expect({ view, read: restarted.read() < 3 * snapshotEveryEvents + 256 + 100 }).toEqual({ view, read: true });
    }
  });

  it('answers from the events where the history is behind, missing or of another schema version', async () => {
    const folded = new AccountHistory(store, snapshotEveryEvents);
    const original = await readStore.writer.selectFrom('account_history_streams').selectAll().where('stream_id', '=', streamId).executeTakeFirstOrThrow();
    await append(store, accountEvents, accountEvents + 150);
    stored = await store.readStream(streamId, { maxCount: 10_000 });
    try {
      for (const view of views()) {
        const behind = counting(store);
        expect({ view, answer: await new AccountHistory(behind.store, snapshotEveryEvents, readStore.reader).asOf(account, view) }).toEqual({ view, answer: await folded.asOf(account, view) });
        expect(behind.read()).toBeLessThan(3 * snapshotEveryEvents + 256 + 100 + 150);
      }
      await readStore.writer.updateTable('projection_generations').set({ schema_version: 0 }).where('projection_name', '=', 'account-history').execute();
      const older = counting(store);
      const view: AsOfView = { kind: 'effective-date', asOfDate: dayOf(1_000) };
      expect(await new AccountHistory(older.store, snapshotEveryEvents, readStore.reader).asOf(account, view)).toEqual(await folded.asOf(account, view));
      expect(older.read()).toBe(stored.length);
      await readStore.writer.updateTable('projection_generations').set({ schema_version: 1 }).where('projection_name', '=', 'account-history').execute();
      await readStore.writer.deleteFrom('account_history_streams').where('stream_id', '=', streamId).execute();
      const missing = counting(store);
      expect(await new AccountHistory(missing.store, snapshotEveryEvents, readStore.reader).asOf(account, view)).toEqual(await folded.asOf(account, view));
      expect(missing.read()).toBe(stored.length);
    } finally {
      await readStore.writer.insertInto('account_history_streams').values(original as never).onConflict((conflict) => conflict.column('stream_id').doNothing()).execute();
    }
  });
});
