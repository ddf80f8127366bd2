import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement, Transaction } from 'better-sqlite3';
import { CommandIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '@ledger/event-store';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@ledger/event-store';
import {
  int64Max,
  resolveDirection,
  resolveMaxCount,
  validateAppend,
  validateFilter,
  validateStart,
} from './port-validation';
import type { ValidatedAppend, ValidatedFilter } from './port-validation';
import { migrate } from './schema';
import { SqliteSubscription } from './sqlite-subscription';
import type { SubscriptionPage, SubscriptionSource } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** The database file; created with the schema when missing. `:memory:` works but is neither durable nor shared. */
  readonly filePath: string;
  /**
   * FULL (the default) syncs the write-ahead log on every commit, so an acknowledged append
   * survives a power cut. NORMAL survives a crash of the process but may lose the last commits
   * on power loss; it is for benchmarks and throwaway data.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How often subscriptions look for events appended by another process on the same file. */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
}

export interface SqliteEventStoreStats {
  /** Group commits that succeeded; one carries many appends. */
  readonly transactionsCommitted: number;
  /** Group commits undone by an unexpected SQLite error; every append in them was rejected. */
  readonly transactionsRolledBack: number;
  /** Appends that succeeded, duplicates of recorded commands included. */
  readonly appendsAccepted: number;
  /** Appends refused inside a commit (wrong revision, command conflict, event id already stored). */
  readonly appendsRefused: number;
  readonly eventsAppended: number;
}

export interface SqliteDurabilitySettings {
  /** `wal` for a file. */
  readonly journalMode: string;
  /** SQLite's number: 2 is FULL, 1 is NORMAL. */
  readonly synchronous: number;
}

/**
 * At most this many appends share one transaction. Past it, the queue is committed at once
 * rather than on the next turn of the event loop, which also bounds the queue.
 */
export const batchAppendCountMax = 1_000;
/**
 * At most this many events in one transaction (unless a single append alone carries more than
 * this, up to `appendEventCountMax`), so one commit never holds the event loop for long.
 */
export const batchEventCountMax = 10_000;
/** Events a subscription reads per query; also the most it holds in memory for its consumer. */
export const subscriptionPageEventCountMax = 500;
export const pollIntervalMsDefault = 200;
const pollIntervalMsMin = 1;
const pollIntervalMsMax = 60_000;
export const busyTimeoutMsDefault = 5_000;
/**
 * WAL pages (4 KiB each) after which a commit also copies the log into the database file.
 * SQLite's default of 1,000 makes every few group commits pay for a checkpoint on the event
 * loop; most of a commit's pages are the same hot index pages again, which a checkpoint copies
 * once however often they were rewritten, so checkpointing less often is also less work.
 */
export const walAutocheckpointPages = 10_000;
/** The WAL file is cut back to this size after a checkpoint has emptied it. */
export const walSizeLimitBytes = 64 * 1024 * 1024;
/** Streams whose last revision the writer keeps in memory (about 100 bytes each). */
export const streamRevisionEntriesMax = 200_000;
/** Distinct filter shapes whose statements are kept prepared; real callers use a handful. */
const filterStatementCountMax = 64;

interface PendingAppend {
  readonly append: ValidatedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type AppendOutcome =
  | { readonly kind: 'appended'; readonly result: AppendResult }
  | { readonly kind: 'duplicate'; readonly result: AppendResult }
  | { readonly kind: 'refused'; readonly error: Error };

interface BatchWritten {
  readonly outcomes: readonly AppendOutcome[];
  /** The head after the batch: the last position it wrote, or the head it found. */
  readonly headPosition: bigint;
}

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
 * The embedded event store: one SQLite file in WAL mode, written by group commit.
 *
 * Appends are queued and committed together in one transaction on the next turn of the event
 * loop: with `synchronous=FULL` every commit waits for the disk, so sharing the commit between
 * all appends waiting at that moment is what makes durable appends fast. Each append in a batch
 * is still checked on its own and refused on its own; an append's promise settles only after
 * the commit that holds it.
 */
export class SqliteEventStore implements EventStore, SubscriptionSource {
  private readonly database: SqliteDatabase;
  private readonly pollIntervalMs: number;
  private readonly queue: PendingAppend[] = [];
  private queuedEventCount = 0;
  private flushHandle: NodeJS.Immediate | undefined = undefined;
  private pollTimer: NodeJS.Timeout | undefined = undefined;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private headPositionSeen: bigint;
  private closed = false;
  private readonly counters = {
    transactionsCommitted: 0,
    transactionsRolledBack: 0,
    appendsAccepted: 0,
    appendsRefused: 0,
    eventsAppended: 0,
  };

  private readonly selectHead: Statement<[], bigint | null>;
  private readonly selectDataVersion: Statement<[], number>;
  private readonly selectStreamRevision: Statement<[string], bigint | null>;
  private readonly selectCommand: Statement<[string], CommandRow>;
  private readonly insertEvent: Statement<[bigint, string, string, bigint, string, string, string, number]>;
  private readonly deleteEventsFrom: Statement<[bigint]>;
  private readonly insertCommand: Statement<[string, string, string, string, bigint, bigint, bigint, bigint]>;
  private readonly deleteCommand: Statement<[string]>;
  /**
   * Each stream's last revision, as this writer last wrote or read it. Valid only while no other
   * connection has written: `PRAGMA data_version` changes when one has, and the whole map is then
   * dropped. A miss costs one lookup in the (stream_id, revision) index.
   */
  private readonly streamRevisions = new Map<string, bigint>();
  private dataVersionSeen: number | undefined = undefined;
  private readonly selectStreamForwards: Statement<[string, bigint, number], EventRow>;
  private readonly selectStreamBackwards: Statement<[string, bigint, number], EventRow>;
  private readonly filteredStatements = new Map<string, Statement<[Record<string, unknown>], EventRow>>();
  private readonly commitBatch: Transaction<(batch: readonly PendingAppend[]) => BatchWritten>;

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    const pollIntervalMs = requireIntegerWithin('pollIntervalMs', options.pollIntervalMs ?? pollIntervalMsDefault, pollIntervalMsMin, pollIntervalMsMax);
    const busyTimeoutMs = requireIntegerWithin('busyTimeoutMs', options.busyTimeoutMs ?? busyTimeoutMsDefault, 0, 600_000);

    const database = new Database(options.filePath);
    try {
      // The busy timeout comes first: switching to WAL and migrating may wait for another process.
      database.pragma(`busy_timeout = ${busyTimeoutMs}`);
      const journalMode = database.pragma('journal_mode = WAL', { simple: true });
      if (journalMode !== 'wal' && options.filePath !== ':memory:') {
        throw new Error(`could not put ${options.filePath} in WAL mode (journal_mode is ${String(journalMode)})`);
      }
      database.pragma(`synchronous = ${synchronous}`);
      database.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`);
      database.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
      migrate(database);
      return new SqliteEventStore(database, pollIntervalMs);
    } catch (error) {
      database.close();
      throw error;
    }
  }

  private constructor(database: SqliteDatabase, pollIntervalMs: number) {
    this.database = database;
    this.pollIntervalMs = pollIntervalMs;
    // Positions, revisions and times are read as bigint so no 64-bit value is ever rounded.
    this.selectHead = database.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck().safeIntegers();
    this.selectDataVersion = database.prepare<[], number>('PRAGMA data_version').pluck();
    this.selectStreamRevision = database
      .prepare<[string], bigint | null>('SELECT max(revision) FROM events WHERE stream_id = ?')
      .pluck()
      .safeIntegers();
    this.selectCommand = database
      .prepare<[string], CommandRow>(
        `SELECT command_id, request_hash, stream_id, event_ids, first_revision, next_revision, first_position, position
         FROM commands WHERE command_id = ?`,
      )
      .safeIntegers();
    // A stored event id makes the insert a no-op (0 changes) rather than an error that would
    // abort the statement; the writer then undoes the append's other rows and refuses it.
    this.insertEvent = database.prepare(
      `INSERT INTO events (${eventColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    );
    this.deleteEventsFrom = database.prepare('DELETE FROM events WHERE position >= ?');
    this.insertCommand = database.prepare(
      `INSERT INTO commands (command_id, request_hash, stream_id, event_ids, first_revision, next_revision, first_position, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (command_id) DO NOTHING`,
    );
    this.deleteCommand = database.prepare('DELETE FROM commands WHERE command_id = ?');
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
    this.commitBatch = database.transaction((batch: readonly PendingAppend[]) => this.writeBatch(batch));
    this.headPositionSeen = this.selectHead.get() ?? -1n;
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    let append: ValidatedAppend;
    try {
      append = validateAppend(streamId, events, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.queuedEventCount += append.events.length;
      if (this.queue.length >= batchAppendCountMax || this.queuedEventCount >= batchEventCountMax) {
        this.flush();
      } else if (this.flushHandle === undefined) {
        this.flushHandle = setImmediate(() => this.flush());
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = resolveMaxCount(options.maxCount);
    const direction = resolveDirection(options.direction);
    const fromRevision = validateStart('fromRevision', options.fromRevision, 0n);
    if (direction === 'forwards') {
      if (fromRevision !== undefined && fromRevision > int64Max) return [];
      return this.selectStreamForwards.all(streamId, fromRevision ?? 0n, maxCount).map(toRecordedEvent);
    }
    const from = fromRevision === undefined || fromRevision > int64Max ? int64Max : fromRevision;
    return this.selectStreamBackwards.all(streamId, from, maxCount).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = resolveMaxCount(options.maxCount);
    const fromPosition = validateStart('fromPosition', options.fromPosition, 0n) ?? 0n;
    const filter = validateFilter(options.filter);
    if (fromPosition > int64Max) return [];
    return this.selectEvents(fromPosition, int64Max, maxCount, filter).map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const afterPosition = validateStart('afterPosition', options.afterPosition, -1n) ?? -1n;
    const filter = validateFilter(options.filter);
    const subscription = new SqliteSubscription(this, afterPosition, filter);
    this.subscriptions.add(subscription);
    this.startPolling();
    return subscription;
  }

  async findCommand(commandId: string): Promise<CommandRecord | undefined> {
    this.assertOpen();
    const row = this.selectCommand.get(commandId);
    return row === undefined ? undefined : toCommandRecord(row);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.readHeadPosition();
  }

  /** Commits what is queued (accepted appends must reach the disk), ends every subscription, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.stopPolling();
    this.database.close();
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  durabilitySettings(): SqliteDurabilitySettings {
    this.assertOpen();
    return {
      journalMode: String(this.database.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.database.pragma('synchronous', { simple: true })),
    };
  }

  // SubscriptionSource, for SqliteSubscription only.

  readPage(afterPosition: bigint, filter: ValidatedFilter): SubscriptionPage {
    if (this.closed) return { events: [], readThrough: afterPosition, reachedHead: true };
    // The head is read first and bounds the page: every position up to it is committed (positions
    // are assigned under the write lock), so "nothing matched up to the head" is a fact, and a
    // filtered subscription moves past non-matching events without reading them again.
    const head = this.readHeadPosition();
    if (head <= afterPosition) return { events: [], readThrough: afterPosition, reachedHead: true };
    const rows = this.selectEvents(afterPosition + 1n, head, subscriptionPageEventCountMax, filter);
    const reachedHead = rows.length < subscriptionPageEventCountMax;
    return {
      events: rows.map(toRecordedEvent),
      readThrough: reachedHead ? head : rows[rows.length - 1].position,
      reachedHead,
    };
  }

  knownHeadPosition(): bigint {
    return this.headPositionSeen;
  }

  unregister(subscription: SqliteSubscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size === 0) this.stopPolling();
  }

  // Group commit.

  private flush(): void {
    if (this.flushHandle !== undefined) {
      clearImmediate(this.flushHandle);
      this.flushHandle = undefined;
    }
    while (this.queue.length > 0) this.commit(this.takeBatch());
  }

  private takeBatch(): PendingAppend[] {
    let count = 0;
    let eventCount = 0;
    while (count < this.queue.length && count < batchAppendCountMax) {
      const nextEventCount = this.queue[count].append.events.length;
      if (count > 0 && eventCount + nextEventCount > batchEventCountMax) break;
      eventCount += nextEventCount;
      count++;
    }
    this.queuedEventCount -= eventCount;
    return this.queue.splice(0, count);
  }

  private commit(batch: readonly PendingAppend[]): void {
    let written: BatchWritten;
    try {
      // IMMEDIATE takes the write lock before the first read, so the revisions and the head this
      // batch reads cannot be changed by another process before it commits.
      written = this.commitBatch.immediate(batch);
    } catch (error) {
      // Something SQLite did not expect (disk full, lock timeout...): better-sqlite3 has rolled
      // the whole batch back, so every append in it failed.
      this.counters.transactionsRolledBack++;
      // The revisions noted while writing the batch were never committed.
      this.streamRevisions.clear();
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.counters.transactionsCommitted++;
    written.outcomes.forEach((outcome, index) => {
      const pending = batch[index];
      if (outcome.kind === 'refused') {
        this.counters.appendsRefused++;
        pending.reject(outcome.error);
        return;
      }
      this.counters.appendsAccepted++;
      if (outcome.kind === 'appended') this.counters.eventsAppended += outcome.result.eventIds.length;
      pending.resolve(outcome.result);
    });
    this.observeHead(written.headPosition);
  }

  /** Runs inside the batch transaction. Reads see the batch's own earlier writes. */
  private writeBatch(batch: readonly PendingAppend[]): BatchWritten {
    const dataVersion = this.selectDataVersion.get();
    if (dataVersion !== this.dataVersionSeen) {
      // Another connection has written since this writer last looked: its revisions may be stale.
      this.streamRevisions.clear();
      this.dataVersionSeen = dataVersion;
    }
    const recordedAtMs = Date.now();
    let headPosition = this.readHeadPosition();
    const outcomes: AppendOutcome[] = [];
    for (const pending of batch) {
      const outcome = this.writeAppend(pending.append, headPosition, recordedAtMs);
      if (outcome.kind === 'appended') headPosition = outcome.result.position;
      outcomes.push(outcome);
    }
    return { outcomes, headPosition };
  }

  /**
   * The command record goes in first: a retry of a recorded command is a duplicate whatever
   * revision it now expects, and the insert doubles as the lookup (nothing inserted means the
   * command is known). A refusal after it undoes this append's rows, so a refused append leaves
   * nothing behind and the rest of the batch alone.
   */
  private writeAppend(append: ValidatedAppend, headPosition: bigint, recordedAtMs: number): AppendOutcome {
    const { streamId, events, expectedRevision, command } = append;
    const actualRevision = this.streamRevision(streamId);
    const firstRevision = actualRevision === undefined ? 0n : actualRevision + 1n;
    const firstPosition = headPosition + 1n;
    const lastOffset = BigInt(events.length - 1);
    const nextRevision = firstRevision + lastOffset;
    const position = firstPosition + lastOffset;
    const eventIds = events.map((event) => event.id);

    if (command !== undefined) {
      const inserted = this.insertCommand.run(
        command.commandId,
        command.requestHash,
        streamId,
        JSON.stringify(eventIds),
        firstRevision,
        nextRevision,
        firstPosition,
        position,
      );
      if (inserted.changes === 0) return this.recordedCommandOutcome(command.commandId, command.requestHash);
    }
    const refuse = (error: Error): AppendOutcome => {
      if (command !== undefined) this.deleteCommand.run(command.commandId);
      return { kind: 'refused', error };
    };
    if (!revisionMatches(expectedRevision, actualRevision)) {
      return refuse(new WrongExpectedRevisionError(streamId, expectedRevision, actualRevision));
    }
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const offset = BigInt(index);
      const inserted = this.insertEvent.run(
        firstPosition + offset,
        event.id,
        streamId,
        firstRevision + offset,
        event.type,
        event.dataJson,
        event.metadataJson,
        recordedAtMs,
      );
      if (inserted.changes === 0) {
        if (index > 0) this.deleteEventsFrom.run(firstPosition);
        return refuse(new InvalidAppendError(`stream ${streamId}: event id ${event.id} is already stored`));
      }
    }
    this.noteStreamRevision(streamId, nextRevision);
    return { kind: 'appended', result: { nextRevision, position, eventIds, firstPosition, duplicate: false } };
  }

  private recordedCommandOutcome(commandId: string, requestHash: string): AppendOutcome {
    const recorded = this.selectCommand.get(commandId);
    if (recorded === undefined) throw new Error(`command ${commandId} was neither inserted nor found`);
    if (recorded.request_hash !== requestHash) return { kind: 'refused', error: new CommandIdConflictError(commandId) };
    const record = toCommandRecord(recorded);
    return {
      kind: 'duplicate',
      result: {
        nextRevision: record.nextRevision,
        position: record.position,
        eventIds: record.eventIds,
        firstPosition: record.firstPosition,
        duplicate: true,
      },
    };
  }

  private streamRevision(streamId: string): bigint | undefined {
    const known = this.streamRevisions.get(streamId);
    if (known !== undefined) return known;
    const stored = this.selectStreamRevision.get(streamId) ?? undefined;
    if (stored !== undefined) this.noteStreamRevision(streamId, stored);
    return stored;
  }

  private noteStreamRevision(streamId: string, revision: bigint): void {
    if (!this.streamRevisions.has(streamId) && this.streamRevisions.size >= streamRevisionEntriesMax) {
      // Forget the longest-known stream; a miss is one index lookup.
      const oldest = this.streamRevisions.keys().next().value;
      if (oldest !== undefined) this.streamRevisions.delete(oldest);
    }
    this.streamRevisions.set(streamId, revision);
  }

  // Reading.

  private readHeadPosition(): bigint {
    const head = this.selectHead.get() ?? -1n;
    this.observeHead(head);
    return head;
  }

  /**
   * Every sighting of a higher head, whoever made the commit and whichever read noticed it,
   * wakes the subscriptions. Were a read to note the head silently, the poll would later find
   * nothing new and sleeping subscriptions would miss another process's events.
   */
  private observeHead(head: bigint): void {
    if (head <= this.headPositionSeen) return;
    this.headPositionSeen = head;
    this.wakeSubscriptions();
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

  /**
   * One prepared statement per filter shape (how many types, how many prefixes). Prefixes are
   * compared with `substr`, not `LIKE`: LIKE ignores ASCII case and gives `%` and `_` meaning,
   * and a stream prefix must match literally.
   */
  private filteredStatement(typeCount: number, prefixCount: number): Statement<[Record<string, unknown>], EventRow> {
    const key = `${typeCount}:${prefixCount}`;
    const cached = this.filteredStatements.get(key);
    if (cached !== undefined) return cached;
    const conditions = ['position >= @fromPosition', 'position <= @throughPosition'];
    if (typeCount > 0) {
      conditions.push(`type IN (${Array.from({ length: typeCount }, (_, index) => `@type${index}`).join(', ')})`);
    }
    if (prefixCount > 0) {
      const prefixMatches = Array.from(
        { length: prefixCount },
        (_, index) => `substr(stream_id, 1, length(@prefix${index})) = @prefix${index}`,
      );
      conditions.push(`(${prefixMatches.join(' OR ')})`);
    }
    const statement = this.database
      .prepare<[Record<string, unknown>], EventRow>(
        `SELECT ${eventColumns} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT @limit`,
      )
      .safeIntegers();
    if (this.filteredStatements.size >= filterStatementCountMax) {
      const oldest = this.filteredStatements.keys().next().value;
      if (oldest !== undefined) this.filteredStatements.delete(oldest);
    }
    this.filteredStatements.set(key, statement);
    return statement;
  }

  // Live delivery.

  private wakeSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.wakeUp();
  }

  /**
   * In-process commits wake subscriptions directly; the poll is for commits by other processes
   * (or other store instances) on the same file, which this instance cannot hear about.
   */
  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    this.pollTimer = setInterval(() => this.poll(), this.pollIntervalMs);
  }

  private stopPolling(): void {
    if (this.pollTimer === undefined) return;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private poll(): void {
    if (this.closed) return;
    try {
      this.readHeadPosition();
    } catch {
      // Woken subscriptions read the page themselves and so hand the error to their consumers,
      // rather than it being lost in a timer.
      this.wakeSubscriptions();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function revisionMatches(expected: ExpectedRevision, actual: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === undefined;
    case 'stream_exists':
      return actual !== undefined;
    default:
      return actual === expected;
  }
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

function toCommandRecord(row: CommandRow): CommandRecord {
  return {
    commandId: row.command_id,
    requestHash: row.request_hash,
    streamId: row.stream_id,
    eventIds: JSON.parse(row.event_ids) as string[],
    firstRevision: row.first_revision,
    nextRevision: row.next_revision,
    firstPosition: row.first_position,
    position: row.position,
  };
}

function requireIntegerWithin(name: string, value: number, lowest: number, highest: number): number {
  if (!Number.isInteger(value) || value < lowest || value > highest) {
    throw new RangeError(`${name} must be an integer from ${lowest} to ${highest}, got ${String(value)}`);
  }
  return value;
}
