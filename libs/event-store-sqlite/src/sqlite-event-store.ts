import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import {
  CommandIdConflictError,
  int64Max,
  InvalidAppendError,
  resolveDirection,
  resolveMaxCount,
  validateAppend,
  validateFilter,
  validateStart,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  ValidatedAppend,
  ValidatedFilter,
} from '@ledger/event-store';
import { migrate } from './schema';
import { openStoreConnection, SqliteBatchWriter } from './sqlite-batch-writer';
import type { AppendRefusal, AppendToWrite, BatchWritten, SynchronousMode } from './sqlite-batch-writer';
import { SqliteWriterThread } from './sqlite-writer-thread';
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
  /**
   * Where group commits run. `thread` (the default for a file): on a writer thread with its own
   * connection, so this thread goes on deciding commands while SQLite writes and the disk syncs.
   * `inline`: on this thread, blocking it for each commit (the only choice for `:memory:`).
   */
  readonly writer?: SqliteWriterMode;
}

export type SqliteWriterMode = 'thread' | 'inline';
export const sqliteWriterModes: readonly SqliteWriterMode[] = ['thread', 'inline'];

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
/** Distinct filter shapes whose statements are kept prepared; real callers use a handful. */
const filterStatementCountMax = 64;

interface PendingAppend {
  readonly append: ValidatedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
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

/** Commits batches: on the writer thread, or inline on this one. */
interface BatchCommitter {
  /** A batch is sent as soon as this many appends are queued, without waiting for the loop's turn. */
  readonly eagerBatchAppendCount: number;
  commit(batch: readonly AppendToWrite[]): Promise<BatchWritten>;
  close(): Promise<void>;
  /** Set when the committer can no longer commit (its thread died): the store is then unusable. */
  readonly failure: Error | undefined;
}

class InlineCommitter implements BatchCommitter {
  // Inline, a commit blocks this thread, so appends gather for a whole turn of the loop.
  readonly eagerBatchAppendCount = batchAppendCountMax;
  readonly failure = undefined;

  constructor(private readonly writer: SqliteBatchWriter) {}

  commit(batch: readonly AppendToWrite[]): Promise<BatchWritten> {
    try {
      return Promise.resolve(this.writer.commit(batch));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
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
  private readonly committer: BatchCommitter;
  private readonly pollIntervalMs: number;
  private readonly queue: PendingAppend[] = [];
  private queuedEventCount = 0;
  private flushHandle: NodeJS.Immediate | undefined = undefined;
  private readonly batchesInFlight = new Set<Promise<void>>();
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
  private readonly selectCommand: Statement<[string], CommandRow>;
  private readonly selectStreamForwards: Statement<[string, bigint, number], EventRow>;
  private readonly selectStreamBackwards: Statement<[string, bigint, number], EventRow>;
  private readonly filteredStatements = new Map<string, Statement<[Record<string, unknown>], EventRow>>();

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous: SynchronousMode = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    const pollIntervalMs = requireIntegerWithin('pollIntervalMs', options.pollIntervalMs ?? pollIntervalMsDefault, pollIntervalMsMin, pollIntervalMsMax);
    const busyTimeoutMs = requireIntegerWithin('busyTimeoutMs', options.busyTimeoutMs ?? busyTimeoutMsDefault, 0, 600_000);
    const inMemory = options.filePath === ':memory:';
    const writer = options.writer ?? (inMemory ? 'inline' : 'thread');
    if (!sqliteWriterModes.includes(writer)) throw new RangeError(`writer must be thread or inline, got ${String(writer)}`);
    if (writer === 'thread' && inMemory) throw new RangeError('an in-memory store cannot be written from another thread: use writer inline');

    const settings = { filePath: options.filePath, synchronous, busyTimeoutMs };
    const database = openStoreConnection(settings);
    try {
      // Migrated here, before the writer thread opens the file, so the thread finds the schema.
      migrate(database);
      const committer = writer === 'thread' ? await SqliteWriterThread.start(settings) : new InlineCommitter(new SqliteBatchWriter(database));
      return new SqliteEventStore(database, committer, pollIntervalMs);
    } catch (error) {
      database.close();
      throw error;
    }
  }

  private constructor(database: SqliteDatabase, committer: BatchCommitter, pollIntervalMs: number) {
    this.database = database;
    this.committer = committer;
    this.pollIntervalMs = pollIntervalMs;
    // Positions, revisions and times are read as bigint so no 64-bit value is ever rounded.
    this.selectHead = database.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck().safeIntegers();
    this.selectCommand = database
      .prepare<[string], CommandRow>(
        `SELECT command_id, request_hash, stream_id, event_ids, first_revision, next_revision, first_position, position
         FROM commands WHERE command_id = ?`,
      )
      .safeIntegers();
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
    this.headPositionSeen = this.selectHead.get() ?? -1n;
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    let append: ValidatedAppend;
    try {
      this.assertOpen();
      append = validateAppend(streamId, events, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.queuedEventCount += append.events.length;
      if (this.queue.length >= this.committer.eagerBatchAppendCount || this.queuedEventCount >= batchEventCountMax) {
        this.send(this.takeBatch());
      } else {
        this.scheduleFlush();
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
    this.closed = true;
    this.flush();
    await Promise.all(this.batchesInFlight);
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.stopPolling();
    await this.committer.close();
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

  /**
   * Appends wait for the next turn of the event loop or, while a commit is in flight, for it to
   * end: everything that queued up meanwhile then goes in one transaction. A full chunk does not
   * wait (see `eagerBatchAppendCount`).
   */
  private scheduleFlush(): void {
    if (this.flushHandle !== undefined || this.batchesInFlight.size > 0) return;
    this.flushHandle = setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushHandle !== undefined) {
      clearImmediate(this.flushHandle);
      this.flushHandle = undefined;
    }
    while (this.queue.length > 0) this.send(this.takeBatch());
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

  /** Batches sent together are committed one after the other, in the order sent. */
  private send(batch: readonly PendingAppend[]): void {
    const committed = this.committer
      .commit(batch.map((pending) => pending.append))
      .then(
        (written) => this.settle(batch, written),
        (error: unknown) => {
          // Something SQLite did not expect (disk full, lock timeout...): the whole batch was
          // rolled back, so every append in it failed.
          this.counters.transactionsRolledBack++;
          for (const pending of batch) pending.reject(error);
        },
      )
      .finally(() => {
        this.batchesInFlight.delete(committed);
        if (this.queue.length > 0) this.scheduleFlush();
      });
    this.batchesInFlight.add(committed);
  }

  private settle(batch: readonly PendingAppend[], written: BatchWritten): void {
    this.counters.transactionsCommitted += written.transactionsCommitted;
    written.outcomes.forEach((outcome, index) => {
      const pending = batch[index];
      if (outcome.kind === 'refused') {
        this.counters.appendsRefused++;
        pending.reject(refusalError(outcome.refusal));
        return;
      }
      this.counters.appendsAccepted++;
      if (outcome.kind === 'appended') this.counters.eventsAppended += outcome.result.eventIds.length;
      pending.resolve(outcome.result);
    });
    this.observeHead(written.headPosition);
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

  /** A store whose writer thread died answers nothing, so health checks see it and the process is restarted. */
  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
    if (this.committer.failure !== undefined) throw this.committer.failure;
  }
}

function refusalError(refusal: AppendRefusal): Error {
  switch (refusal.code) {
    case 'wrong-expected-revision':
      return new WrongExpectedRevisionError(refusal.streamId, refusal.expectedRevision, refusal.actualRevision);
    case 'command-id-conflict':
      return new CommandIdConflictError(refusal.commandId);
    case 'event-id-stored':
      return new InvalidAppendError(refusal.message);
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
