import type { Kysely } from 'kysely';
import { int64, smallInteger } from '../int64';
import type { ReadDatabase } from '../read-database';
import { decodeStoredAccountState, type StoredAccountState } from '../projections/account-history.fold';
import { accountHistoryProjection, decodedEntries, loadAccountHistoryEntries } from '../projections/account-history.projection';

/** How far the account history has folded a stream; undefined when it holds nothing of it, or tables of another schema version. */
export interface AccountHistoryStream {
  readonly eventCount: number;
  readonly lastEventId: string;
  readonly lastPosition: bigint;
  readonly lastRecordedAtMs: number;
  readonly latestEffectiveDate: string;
  readonly ordered: boolean;
  readonly usable: boolean;
}

/** Where a snapshot was taken: the event at `revision`, its position and store time. */
export interface AccountHistoryMark {
  readonly revision: number;
  readonly eventId: string;
  readonly position: bigint;
  readonly recordedAtMs: number;
  /** The latest effective date among the events up to it. */
  readonly latestEffectiveDate: string;
}

/** An event dated before an earlier event of its stream, as the account history keeps it. */
export interface AccountHistoryException {
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly position: bigint;
  readonly recordedAtMs: number;
  readonly effectiveDate: string;
  readonly lateEntry: boolean;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
}

export async function accountHistoryStream(db: Kysely<ReadDatabase>, streamId: string): Promise<AccountHistoryStream | undefined> {
  const generation = await db.selectFrom('projection_generations').select('schema_version').where('projection_name', '=', accountHistoryProjection.name).executeTakeFirst();
  if (!generation || smallInteger(generation.schema_version) !== accountHistoryProjection.schemaVersion) return undefined;
  const row = await db.selectFrom('account_history_streams').selectAll().where('stream_id', '=', streamId).executeTakeFirst();
  if (!row) return undefined;
  return {
    eventCount: smallInteger(row.event_count),
    lastEventId: row.last_event_id,
    lastPosition: int64(row.last_position),
    lastRecordedAtMs: smallInteger(row.last_recorded_at_ms),
    latestEffectiveDate: row.latest_effective_date,
    ordered: smallInteger(row.ordered) === 1,
    usable: smallInteger(row.usable) === 1,
  };
}

/** The snapshots of a stream taken before revision `beforeRevision`, in revision order, without their states. */
export async function accountHistoryMarks(db: Kysely<ReadDatabase>, streamId: string, beforeRevision: number): Promise<AccountHistoryMark[]> {
  const rows = await db
    .selectFrom('account_history_snapshots')
    .select(['revision', 'event_id', 'position', 'recorded_at_ms', 'latest_effective_date'])
    .where('stream_id', '=', streamId)
    .where('revision', '<', BigInt(beforeRevision))
    .orderBy('revision')
    .execute();
  return rows.map((row) => ({ revision: smallInteger(row.revision), eventId: row.event_id, position: int64(row.position), recordedAtMs: smallInteger(row.recorded_at_ms), latestEffectiveDate: row.latest_effective_date }));
}

/** The stored state after the event at `revision`, with the entries at these keys as they stood then. */
export async function accountHistorySnapshot(
  db: Kysely<ReadDatabase>,
  streamId: string,
  revision: number,
  entryKeys: readonly string[],
): Promise<{ readonly state: StoredAccountState; readonly entries: ReturnType<typeof decodedEntries> } | undefined> {
  const row = await db.selectFrom('account_history_snapshots').select('state').where('stream_id', '=', streamId).where('revision', '=', BigInt(revision)).executeTakeFirst();
  if (!row) return undefined;
  return { state: decodeStoredAccountState(row.state), entries: await accountHistoryEntriesAt(db, streamId, revision, entryKeys) };
}

/** The entries at these keys as they stood after the event at `revision` (-1: before the first event, none). */
export async function accountHistoryEntriesAt(db: Kysely<ReadDatabase>, streamId: string, revision: number, entryKeys: readonly string[]): Promise<ReturnType<typeof decodedEntries>> {
  if (revision < 0 || entryKeys.length === 0) return [];
  return decodedEntries((await loadAccountHistoryEntries(db, 'account_history_entries', [streamId], entryKeys, BigInt(revision))).get(streamId));
}

/** Every version of every entry of a stream, latest per key at `revision`: the whole state of a snapshot, for checks. */
export async function accountHistoryAllEntriesAt(db: Kysely<ReadDatabase>, streamId: string, revision: number): Promise<ReturnType<typeof decodedEntries>> {
  const rows = await db.selectFrom('account_history_entries').select('entry_key').distinct().where('stream_id', '=', streamId).where('revision', '<=', BigInt(revision)).execute();
  return accountHistoryEntriesAt(db, streamId, revision, rows.map((row) => row.entry_key));
}

/** The stream's events dated before an earlier one of it, after revision `afterRevision` and before `beforeRevision`, dated on or before `onOrBefore`, in revision order. */
export async function accountHistoryExceptions(db: Kysely<ReadDatabase>, streamId: string, afterRevision: number, beforeRevision: number, onOrBefore: string): Promise<AccountHistoryException[]> {
  const rows = await db
    .selectFrom('account_history_exceptions')
    .selectAll()
    .where('stream_id', '=', streamId)
    .where('revision', '>', BigInt(afterRevision))
    .where('revision', '<', BigInt(beforeRevision))
    .where('effective_date', '<=', onOrBefore)
    .orderBy('revision')
    .execute();
  return rows.map((row) => ({
    revision: smallInteger(row.revision),
    eventId: row.event_id,
    type: row.event_type,
    position: int64(row.position),
    recordedAtMs: smallInteger(row.recorded_at_ms),
    effectiveDate: row.effective_date,
    lateEntry: smallInteger(row.late_entry) === 1,
    schemaVersion: smallInteger(row.schema_version),
    data: JSON.parse(row.data) as Record<string, unknown>,
  }));
}
