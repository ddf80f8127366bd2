import type { Database as SqliteDatabase } from 'better-sqlite3';
import { validateAppend } from '@ledger/event-store';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventFilter,
  EventStore,
  EventToAppend,
  FindCommandOptions,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  ValidatedAppend,
} from '@ledger/event-store';
import { migrate } from './schema';
import { InlineCommitter, SqliteAppendQueue } from './sqlite-append-queue';
import type { BatchCommitter, SqliteEventStoreStats } from './sqlite-append-queue';
import { openStoreConnection, SqliteBatchWriter } from './sqlite-batch-writer';
import type { SynchronousMode } from './sqlite-batch-writer';
import { SqliteLiveDelivery } from './sqlite-live-delivery';
import { SqliteReads } from './sqlite-reads';
import { SqliteWriterThread } from './sqlite-writer-thread';

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

export interface SqliteDurabilitySettings {
  /** `wal` for a file. */
  readonly journalMode: string;
  /** SQLite's number: 2 is FULL, 1 is NORMAL. */
  readonly synchronous: number;
}

export const pollIntervalMsDefault = 200;
const pollIntervalMsMin = 1;
const pollIntervalMsMax = 60_000;
export const busyTimeoutMsDefault = 5_000;
/** The longest a write may be told to wait for another process's lock: ten minutes. */
const busyTimeoutMsMax = 600_000;

/**
 * The embedded event store: one SQLite file in WAL mode, written by group commit. This class
 * opens and closes it and answers the port by delegating: appends go through the queue
 * (`sqlite-append-queue.ts`) to the batch writer, reads are `sqlite-reads.ts`, and
 * subscriptions are served by `sqlite-live-delivery.ts`.
 */
export class SqliteEventStore implements EventStore {
  private readonly reads: SqliteReads;
  private readonly appendQueue: SqliteAppendQueue;
  private readonly liveDelivery: SqliteLiveDelivery;
  private closed = false;

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous: SynchronousMode = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    const pollIntervalMs = requireIntegerWithin('pollIntervalMs', options.pollIntervalMs ?? pollIntervalMsDefault, pollIntervalMsMin, pollIntervalMsMax);
    const busyTimeoutMs = requireIntegerWithin('busyTimeoutMs', options.busyTimeoutMs ?? busyTimeoutMsDefault, 0, busyTimeoutMsMax);
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

  private constructor(
    private readonly database: SqliteDatabase,
    private readonly committer: BatchCommitter,
    pollIntervalMs: number,
  ) {
    this.reads = new SqliteReads(database);
    this.liveDelivery = new SqliteLiveDelivery(this.reads, pollIntervalMs, () => this.closed);
    this.appendQueue = new SqliteAppendQueue(committer, (headPosition) => this.liveDelivery.observeHead(headPosition));
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    let append: ValidatedAppend;
    try {
      this.assertOpen();
      append = validateAppend(streamId, events, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appendQueue.enqueue(append);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.readStream(streamId, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    return this.liveDelivery.subscribe(options);
  }

  async findCommand(commandId: string, options?: FindCommandOptions): Promise<CommandRecord | undefined> {
    this.assertOpen();
    return this.reads.findCommand(commandId, options);
  }

  async countEventsAfter(afterPosition: bigint, limit: bigint, filter?: EventFilter): Promise<bigint> {
    this.assertOpen();
    return this.reads.countEventsAfter(afterPosition, limit, filter);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.liveDelivery.readHeadPosition();
  }

  /** Commits what is queued (accepted appends must reach the disk), ends every subscription, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appendQueue.commitQueued();
    await this.liveDelivery.close();
    await this.committer.close();
    this.database.close();
  }

  stats(): SqliteEventStoreStats {
    return this.appendQueue.stats();
  }

  durabilitySettings(): SqliteDurabilitySettings {
    this.assertOpen();
    return {
      journalMode: String(this.database.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.database.pragma('synchronous', { simple: true })),
    };
  }

  /** A store whose writer thread died answers nothing, so health checks see it and the process is restarted. */
  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
    if (this.committer.failure !== undefined) throw this.committer.failure;
  }
}

function requireIntegerWithin(name: string, value: number, lowest: number, highest: number): number {
  if (!Number.isInteger(value) || value < lowest || value > highest) {
    throw new RangeError(`${name} must be an integer from ${lowest} to ${highest}, got ${String(value)}`);
  }
  return value;
}
