import type { Kysely } from 'kysely';
import { accountStateKeysOf, encodeEventData, eventCatalogue, type AccountEvent, type AccountKey } from '@ledger/domain';
import { int64 } from '../int64';
import type { ReadDatabase } from '../read-database';
import { readTable, type ColumnDefinition } from '../schema/table-definition';
import { AccountHistoryFold, decodeEntryValue, decodeStoredAccountState, encodeEntryValue, encodeStoredAccountState, entryKeyText, initialStoredAccountState, parseEntryKey, type StoredAccountState } from './account-history.fold';
import { excluded } from '../writing/bulk-writer';
import type { DecodedEvent } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * The account history: derived data that lets an as-of answer start near the moment asked for
 * instead of folding an account's whole stream. Per account stream:
 * - `account_history_snapshots`: the state every `snapshotEveryEvents` events (its scalars and
 *   counts), with the revision, event, position and store time it was taken at — which is also the
 *   index from a position or a store time to a revision, a snapshot's span apart;
 * - `account_history_entries`: every version of every entry of the state's collections
 *   (disbursements, movement requests, vouchers, funders, received transfers), by the revision that
 *   wrote it, so a fold from a snapshot loads just the entries its events touch;
 * - `account_history_exceptions`: the events dated before an earlier event of their stream (late
 *   entries, corrections dated back), with their content. The other events' effective dates never
 *   go down along the stream, and no date is in the future, so what had happened by a date is a
 *   prefix of the stream plus some of these; each snapshot keeps the latest date so far, which makes
 *   the snapshots an index from an effective date to a revision too;
 * - `account_history_streams`: how far the stream is folded, its current scalars and counts, and
 *   whether its store times only ever grow (the prefixes above need them to).
 * It is never a source of truth: every answer checks it against the events it reads, and falls
 * back to folding the stream where it is missing, behind or of another schema version.
 */

export const accountHistorySnapshotEveryEventsDefault = 1_000;

const vietnamOffsetMs = 7 * 60 * 60 * 1000;

/** The day an instant falls on in Vietnam (UTC+7, no daylight saving), as the ledger dates events. */
export function vietnamDayOf(instant: Date): string {
  return new Date(instant.getTime() + vietnamOffsetMs).toISOString().slice(0, 10);
}

const streamColumnDefinitions: readonly ColumnDefinition[] = [
  ['stream_id', 'text'], ['event_count', 'bigint'], ['last_event_id', 'text'], ['last_position', 'bigint'], ['last_recorded_at_ms', 'bigint'],
  ['latest_effective_date', 'text'], ['ordered', 'integer'], ['usable', 'integer'], ['state', 'text'],
];
const snapshotColumnDefinitions: readonly ColumnDefinition[] = [
  ['stream_id', 'text'], ['revision', 'bigint'], ['event_id', 'text'], ['position', 'bigint'], ['recorded_at_ms', 'bigint'], ['latest_effective_date', 'text'], ['state', 'text'],
];
const entryColumnDefinitions: readonly ColumnDefinition[] = [['stream_id', 'text'], ['entry_key', 'text'], ['revision', 'bigint'], ['value', 'text', 'nullable']];
const exceptionColumnDefinitions: readonly ColumnDefinition[] = [
  ['stream_id', 'text'], ['revision', 'bigint'], ['event_id', 'text'], ['event_type', 'text'], ['position', 'bigint'], ['recorded_at_ms', 'bigint'],
  ['effective_date', 'text'], ['late_entry', 'integer'], ['schema_version', 'integer'], ['data', 'text'],
];
const columnsOf = (definitions: readonly ColumnDefinition[]): string[] => definitions.map(([name]) => name);

const streamsTable = readTable({ name: 'account_history_streams', columns: streamColumnDefinitions, primaryKey: ['stream_id'], indexes: [] });
const snapshotsTable = readTable({ name: 'account_history_snapshots', columns: snapshotColumnDefinitions, primaryKey: ['stream_id', 'revision'], indexes: [] });
const entriesTable = readTable({ name: 'account_history_entries', columns: entryColumnDefinitions, primaryKey: ['stream_id', 'entry_key', 'revision'], indexes: [] });
const exceptionsTable = readTable({ name: 'account_history_exceptions', columns: exceptionColumnDefinitions, primaryKey: ['stream_id', 'revision'], indexes: [] });

/** Streams and entry keys per look-up statement: well under every dialect's parameter limit. */
const lookupKeysMax = 400;

interface StreamProgress {
  eventCount: bigint;
  lastEventId: string;
  lastPosition: bigint;
  lastRecordedAtMs: number;
  /** The latest effective date of the stream's events so far ('' before the first). */
  latestEffectiveDate: string;
  ordered: boolean;
  usable: boolean;
  state: StoredAccountState;
}

/**
 * The latest stored version of each of these entries of these streams, at or before `atRevision`
 * when given (the state of a snapshot) or the newest (the state the projection continues).
 */
export async function loadAccountHistoryEntries(
  db: Kysely<ReadDatabase>,
  table: 'account_history_entries',
  streamIds: readonly string[],
  entryKeys: readonly string[],
  atRevision?: bigint,
): Promise<Map<string, Map<string, string | null>>> {
  const found = new Map<string, Map<string, { revision: bigint; value: string | null }>>();
  for (let streamStart = 0; streamStart < streamIds.length; streamStart += lookupKeysMax) {
    const streams = streamIds.slice(streamStart, streamStart + lookupKeysMax);
    for (let keyStart = 0; keyStart < entryKeys.length; keyStart += lookupKeysMax) {
      const keys = entryKeys.slice(keyStart, keyStart + lookupKeysMax);
      let query = db.selectFrom(table).select(['stream_id', 'entry_key', 'revision', 'value']).where('stream_id', 'in', streams).where('entry_key', 'in', keys);
      if (atRevision !== undefined) query = query.where('revision', '<=', atRevision);
      for (const row of await query.execute()) {
        let ofStream = found.get(row.stream_id);
        if (!ofStream) found.set(row.stream_id, (ofStream = new Map()));
        const revision = int64(row.revision);
        const known = ofStream.get(row.entry_key);
        if (!known || known.revision < revision) ofStream.set(row.entry_key, { revision, value: row.value });
      }
    }
  }
  const latest = new Map<string, Map<string, string | null>>();
  for (const [streamId, entries] of found) latest.set(streamId, new Map([...entries].map(([key, { value }]) => [key, value])));
  return latest;
}

/** The entries as the fold takes them: decoded, without those a later version removed. */
export function decodedEntries(stored: ReadonlyMap<string, string | null> | undefined): [ReturnType<typeof parseEntryKey>, ReturnType<typeof decodeEntryValue>][] {
  const entries: [ReturnType<typeof parseEntryKey>, ReturnType<typeof decodeEntryValue>][] = [];
  for (const [text, value] of stored ?? []) {
    if (value === null) continue;
    const key = parseEntryKey(text);
    entries.push([key, decodeEntryValue(key.collection, value)]);
  }
  return entries;
}

class AccountHistoryBatch implements ProjectionBatch {
  private readonly streams = new Map<string, { readonly key: AccountKey; readonly events: DecodedEvent[] }>();

  constructor(private readonly snapshotEveryEvents: number) {}

  apply(decoded: DecodedEvent): void {
    if (!decoded.account) return;
    let stream = this.streams.get(decoded.streamId);
    if (!stream) this.streams.set(decoded.streamId, (stream = { key: decoded.account.key, events: [] }));
    stream.events.push(decoded);
  }

  async write(writer: BatchWriter): Promise<void> {
    if (this.streams.size === 0) return;
    const streamIds = [...this.streams.keys()];
    const progress = new Map<string, StreamProgress>();
    for (let start = 0; start < streamIds.length; start += lookupKeysMax) {
      const rows = await writer.db
        .selectFrom(writer.table('account_history_streams'))
        .selectAll()
        .where('stream_id', 'in', streamIds.slice(start, start + lookupKeysMax))
        .execute();
      for (const row of rows) {
        progress.set(row.stream_id, {
          eventCount: int64(row.event_count),
          lastEventId: row.last_event_id,
          lastPosition: int64(row.last_position),
          lastRecordedAtMs: Number(int64(row.last_recorded_at_ms)),
          latestEffectiveDate: row.latest_effective_date,
          ordered: Number(row.ordered) === 1,
          usable: Number(row.usable) === 1,
          state: decodeStoredAccountState(row.state),
        });
      }
    }
    const touched = new Set<string>();
    for (const stream of this.streams.values()) for (const decoded of stream.events) for (const key of accountStateKeyTexts(decoded.event as AccountEvent)) touched.add(key);
    const stored = await loadAccountHistoryEntries(writer.db, writer.table('account_history_entries'), streamIds, [...touched]);

    const streamRows: unknown[][] = [];
    const snapshotRows: unknown[][] = [];
    const entryRows: unknown[][] = [];
    const exceptionRows: unknown[][] = [];
    for (const [streamId, { key, events }] of this.streams) {
      const current: StreamProgress = progress.get(streamId) ?? { eventCount: 0n, lastEventId: '', lastPosition: -1n, lastRecordedAtMs: Number.NEGATIVE_INFINITY, latestEffectiveDate: '', ordered: true, usable: true, state: initialStoredAccountState };
      if (current.usable) {
        const fold = new AccountHistoryFold(key, current.state, decodedEntries(stored.get(streamId)));
        for (const decoded of events) {
          const revision = decoded.revision ?? current.eventCount;
          // An event the projection stepped over (parked) leaves a gap: the stream is then answered from its events alone.
          if (revision !== current.eventCount) {
            current.usable = false;
            break;
          }
          for (const { key: entry, value } of fold.apply(decoded.event as AccountEvent)) entryRows.push([streamId, entryKeyText(entry), revision, encodeEntryValue(entry.collection, value)]);
          const recordedAtMs = decoded.recordedAt.getTime();
          if (recordedAtMs < current.lastRecordedAtMs) current.ordered = false;
          const effectiveDate = decoded.metadata.effectiveDate ?? vietnamDayOf(decoded.recordedAt);
          if (effectiveDate < current.latestEffectiveDate) {
            exceptionRows.push([
              streamId,
              revision,
              decoded.eventId,
              decoded.event.type,
              decoded.position,
              BigInt(recordedAtMs),
              effectiveDate,
              decoded.metadata.lateEntry ? 1 : 0,
              eventCatalogue[decoded.event.type].schemaVersion,
              JSON.stringify(encodeEventData(decoded.event)),
            ]);
          }
          current.eventCount += 1n;
          current.lastEventId = decoded.eventId;
          current.lastPosition = decoded.position;
          current.lastRecordedAtMs = recordedAtMs;
          if (effectiveDate > current.latestEffectiveDate) current.latestEffectiveDate = effectiveDate;
          if (current.eventCount % BigInt(this.snapshotEveryEvents) === 0n) {
            snapshotRows.push([streamId, revision, decoded.eventId, decoded.position, BigInt(recordedAtMs), current.latestEffectiveDate, encodeStoredAccountState(fold.stored())]);
          }
        }
        current.state = fold.stored();
      }
      streamRows.push([
        streamId,
        current.eventCount,
        current.lastEventId,
        current.lastPosition,
        BigInt(current.lastRecordedAtMs === Number.NEGATIVE_INFINITY ? 0 : current.lastRecordedAtMs),
        current.latestEffectiveDate,
        current.ordered ? 1 : 0,
        current.usable ? 1 : 0,
        encodeStoredAccountState(current.state),
      ]);
    }
    const replace = Object.fromEntries(columnsOf(streamColumnDefinitions).slice(1).map((column) => [column, { name: `account-history-${column}`, expression: () => excluded(column) }]));
    await writer.insert('account_history_streams', columnsOf(streamColumnDefinitions), streamRows, { kind: 'merge', target: ['stream_id'], merge: replace });
    await writer.insert('account_history_snapshots', columnsOf(snapshotColumnDefinitions), snapshotRows);
    await writer.insert('account_history_entries', columnsOf(entryColumnDefinitions), entryRows);
    await writer.insert('account_history_exceptions', columnsOf(exceptionColumnDefinitions), exceptionRows);
  }
}

/** The stored keys of the entries an event touches. */
export function accountStateKeyTexts(event: AccountEvent): string[] {
  return accountStateKeysOf(event).map(entryKeyText);
}

/** The account history with snapshots every this many events of a stream (a test may take them closer together). */
export function accountHistoryProjectionEvery(snapshotEveryEvents: number): Projection {
  if (!Number.isInteger(snapshotEveryEvents) || snapshotEveryEvents < 1) throw new RangeError(`snapshotEveryEvents must be a positive whole number, not ${snapshotEveryEvents}`);
  return {
    name: 'account-history',
    schemaVersion: 1,
    tables: [streamsTable, snapshotsTable, entriesTable, exceptionsTable],
    initialize: async () => undefined,
    startBatch: () => new AccountHistoryBatch(snapshotEveryEvents),
  };
}

export const accountHistoryProjection: Projection = accountHistoryProjectionEvery(accountHistorySnapshotEveryEventsDefault);
