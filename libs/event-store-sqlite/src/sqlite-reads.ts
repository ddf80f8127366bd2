import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { int64Max, validateCount, validateFilter, validateFindCommand, validateReadAll, validateReadStream } from '@ledger/event-store';
import type { CommandRecord, EventFilter, FindCommandOptions, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscriptionPage, ValidatedFilter } from '@ledger/event-store';

/** Events a subscription reads per query; also the most it holds in memory for its consumer. */
export const subscriptionPageEventCountMax = 500;
/** Distinct filter shapes whose statements are kept prepared; real callers use a handful. */
const filterStatementCountMax = 64;

interface EventRow {
  readonly position: bigint;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: bigint;
}

interface CommandRow {
  readonly command_id: string;
  readonly request_hash: string;
  readonly stream_id: string;
  readonly event_ids: string;
  readonly first_revision: bigint;
  readonly next_revision: bigint;
  readonly first_position: bigint;
  readonly position: bigint;
}

const eventColumns = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

/**
 * The read side of the embedded store: every query of the events and commands tables, on the
 * store's connection. The writes are the batch writer's (`sqlite-batch-writer.ts`); in WAL mode
 * a read never waits for a commit on the writer thread and sees the commits finished before it
 * began. Options are checked here with the port's checks, which throw; the store turns the
 * throw into a rejected promise.
 */
export class SqliteReads {
  private readonly selectHead: Statement<[], bigint | null>;
  private readonly selectCommand: Statement<[string], CommandRow>;
  private readonly selectCommandKeys: Statement<[string], string>;
  private readonly selectStreamForwards: Statement<[string, bigint, number], EventRow>;
  private readonly selectStreamBackwards: Statement<[string, bigint, number], EventRow>;
  private readonly filteredStatements = new Map<string, Statement<[Record<string, unknown>], EventRow>>();
  private readonly countStatements = new Map<string, Statement<[Record<string, unknown>], bigint>>();

  constructor(private readonly database: SqliteDatabase) {
    // Positions, revisions and times are read as bigint so no 64-bit value is ever rounded.
    this.selectHead = database.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck().safeIntegers();
    this.selectCommand = database
      .prepare<[string], CommandRow>(
        `SELECT command_id, request_hash, stream_id, event_ids, first_revision, next_revision, first_position, position
         FROM commands WHERE command_id = ?`,
      )
      .safeIntegers();
    this.selectCommandKeys = database
      .prepare<[string], string>('SELECT key FROM unique_keys WHERE command_id = ? ORDER BY key_index')
      .pluck();
    this.selectStreamForwards = database
      .prepare<[string, bigint, number], EventRow>(
        `SELECT ${eventColumns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .safeIntegers();
    this.selectStreamBackwards = database
      .prepare<[string, bigint, number], EventRow>(
        `SELECT ${eventColumns} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .safeIntegers();
  }

  /** Position of the last event in the file, or -1n when it holds none. */
  headPosition(): bigint {
    return this.selectHead.get() ?? -1n;
  }

  readStream(streamId: string, options: ReadStreamOptions): RecordedEvent[] {
    const { maxCount, direction, fromRevision } = validateReadStream(options);
    if (direction === 'forwards') {
      if (fromRevision !== undefined && fromRevision > int64Max) return [];
      return this.selectStreamForwards.all(streamId, fromRevision ?? 0n, maxCount).map(toRecordedEvent);
    }
    const from = fromRevision === undefined || fromRevision > int64Max ? int64Max : fromRevision;
    return this.selectStreamBackwards.all(streamId, from, maxCount).map(toRecordedEvent);
  }

  readAll(options: ReadAllOptions): RecordedEvent[] {
    const { maxCount, fromPosition, filter } = validateReadAll(options);
    if (fromPosition > int64Max) return [];
    return this.selectEvents(fromPosition, int64Max, maxCount, filter).map(toRecordedEvent);
  }

  /** Looked up by id; with a stream hint, a command recorded on another stream is not this stream's. */
  findCommand(commandId: string, options: FindCommandOptions | undefined): CommandRecord | undefined {
    const { streamId } = validateFindCommand(commandId, options);
    const row = this.selectCommand.get(commandId);
    if (row === undefined || (streamId !== undefined && row.stream_id !== streamId)) return undefined;
    return toCommandRecord(row, this.selectCommandKeys.all(commandId));
  }

  /** Counts through the position index, stopping at `limit`: the cost is the count's, not the file's. */
  countEventsAfter(afterPosition: bigint, limit: bigint, filter: EventFilter | undefined): bigint {
    const checked = validateCount(afterPosition, limit);
    const validated = validateFilter(filter);
    const eventTypes = validated.eventTypes ?? [];
    const streamPrefixes = validated.streamPrefixes ?? [];
    const parameters: Record<string, unknown> = { fromPosition: checked.afterPosition + 1n, throughPosition: int64Max, limit: checked.limit };
    eventTypes.forEach((type, index) => (parameters[`type${index}`] = type));
    streamPrefixes.forEach((prefix, index) => (parameters[`prefix${index}`] = prefix));
    return this.countStatement(eventTypes.length, streamPrefixes.length).get(parameters) ?? 0n;
  }

  /**
   * The next page of a subscription: the matching events after `afterPosition`, up to `head`.
   * Every position up to the head is committed (positions are assigned under the write lock), so
   * "nothing matched up to the head" is a fact, and a filtered subscription moves past
   * non-matching events without reading them again.
   */
  subscriptionPage(afterPosition: bigint, head: bigint, filter: ValidatedFilter): SubscriptionPage {
    if (head <= afterPosition) return { events: [], readThrough: afterPosition, reachedHead: true };
    const rows = this.selectEvents(afterPosition + 1n, head, subscriptionPageEventCountMax, filter);
    const reachedHead = rows.length < subscriptionPageEventCountMax;
    return {
      events: rows.map(toRecordedEvent),
      readThrough: reachedHead ? head : rows[rows.length - 1].position,
      reachedHead,
    };
  }

  /** Events with `fromPosition <= position <= throughPosition` that pass the filter, in order. */
  private selectEvents(fromPosition: bigint, throughPosition: bigint, limit: number, filter: ValidatedFilter): EventRow[] {
    const eventTypes = filter.eventTypes ?? [];
    const streamPrefixes = filter.streamPrefixes ?? [];
    const parameters: Record<string, unknown> = { fromPosition, throughPosition, limit };
    eventTypes.forEach((type, index) => (parameters[`type${index}`] = type));
    streamPrefixes.forEach((prefix, index) => (parameters[`prefix${index}`] = prefix));
    return this.filteredStatement(eventTypes.length, streamPrefixes.length).all(parameters);
  }

  /** One prepared statement per filter shape (how many types, how many prefixes). */
  private filteredStatement(typeCount: number, prefixCount: number): Statement<[Record<string, unknown>], EventRow> {
    return cachedStatement(this.filteredStatements, `${typeCount}:${prefixCount}`, () =>
      this.database
        .prepare<[Record<string, unknown>], EventRow>(
          `SELECT ${eventColumns} FROM events WHERE ${filterConditions(typeCount, prefixCount)} ORDER BY position LIMIT @limit`,
        )
        .safeIntegers(),
    );
  }

  private countStatement(typeCount: number, prefixCount: number): Statement<[Record<string, unknown>], bigint> {
    return cachedStatement(this.countStatements, `${typeCount}:${prefixCount}`, () =>
      this.database
        .prepare<[Record<string, unknown>], bigint>(
          `SELECT count(*) FROM (SELECT 1 FROM events WHERE ${filterConditions(typeCount, prefixCount)} ORDER BY position LIMIT @limit)`,
        )
        .pluck()
        .safeIntegers(),
    );
  }
}

/**
 * The WHERE clause of a read or a count. Prefixes are compared with `substr`, not `LIKE`: LIKE
 * ignores ASCII case and gives `%` and `_` meaning, and a stream prefix must match literally.
 */
function filterConditions(typeCount: number, prefixCount: number): string {
  const conditions = ['position >= @fromPosition', 'position <= @throughPosition'];
  if (typeCount > 0) {
    conditions.push(`type IN (${Array.from({ length: typeCount }, (_, index) => `@type${index}`).join(', ')})`);
  }
  if (prefixCount > 0) {
    const prefixMatches = Array.from({ length: prefixCount }, (_, index) => `substr(stream_id, 1, length(@prefix${index})) = @prefix${index}`);
    conditions.push(`(${prefixMatches.join(' OR ')})`);
  }
  return conditions.join(' AND ');
}

function cachedStatement<T>(cache: Map<string, T>, key: string, prepare: () => T): T {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const statement = prepare();
  if (cache.size >= filterStatementCountMax) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, statement);
  return statement;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    type: row.type,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: new Date(Number(row.recorded_at)),
  };
}

function toCommandRecord(row: CommandRow, uniqueKeys: readonly string[]): CommandRecord {
  return {
    commandId: row.command_id,
    requestHash: row.request_hash,
    streamId: row.stream_id,
    eventIds: JSON.parse(row.event_ids) as string[],
    firstRevision: row.first_revision,
    nextRevision: row.next_revision,
    firstPosition: row.first_position,
    position: row.position,
    uniqueKeys: [...uniqueKeys],
  };
}
