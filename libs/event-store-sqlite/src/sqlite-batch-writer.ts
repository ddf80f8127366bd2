import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement, Transaction } from 'better-sqlite3';
// Types only: this module also runs in the writer thread, which loads nothing but it and the driver.
import type { AppendResult, ExpectedRevision, UniqueKeyHolder, ValidatedAppend } from '@ledger/event-store';

/**
 * The write side of the embedded store: one group commit, all of it synchronous SQLite work.
 * It runs on the writer thread (the default) or, inline, on the caller's thread. Everything it
 * takes and returns is plain data, so it crosses between threads as it is; refusals are
 * described, and turned into the port's error classes by the append queue.
 */

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface WriterConnectionSettings {
  readonly filePath: string;
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
}

/** An append as it crosses to the writer: the validated fields and nothing else. */
export type AppendToWrite = ValidatedAppend;

export type AppendRefusal =
  | {
      readonly code: 'wrong-expected-revision';
      readonly streamId: string;
      readonly expectedRevision: ExpectedRevision;
      readonly actualRevision: bigint | undefined;
    }
  | { readonly code: 'command-id-conflict'; readonly commandId: string }
  | { readonly code: 'event-id-stored'; readonly message: string }
  | { readonly code: 'unique-key-taken'; readonly key: string; readonly holder: UniqueKeyHolder };

export type AppendOutcome =
  | { readonly kind: 'appended'; readonly result: AppendResult }
  | { readonly kind: 'duplicate'; readonly result: AppendResult }
  | { readonly kind: 'refused'; readonly refusal: AppendRefusal };

export interface BatchWritten {
  readonly outcomes: readonly AppendOutcome[];
  /** The head after the batch: the last position it wrote, or the head it found. */
  readonly headPosition: bigint;
  /** 1, or 0 for a batch that shared the transaction of a batch sent before it. */
  readonly transactionsCommitted: number;
}

/**
 * WAL pages (4 KiB each) after which a commit also copies the log into the database file.
 * SQLite's default of 1,000 makes every few group commits pay for a checkpoint; most of a
 * commit's pages are the same hot index pages again, which a checkpoint copies once however
 * often they were rewritten, so checkpointing less often is also less work.
 */
export const walAutocheckpointPages = 10_000;
/** The WAL file is cut back to this size after a checkpoint has emptied it. */
export const walSizeLimitBytes = 64 * 1024 * 1024;
/** Streams whose last revision the writer keeps in memory (about 100 bytes each). */
export const streamRevisionEntriesMax = 200_000;

/** Opens a connection with the store's settings; the file must already carry the schema unless `migrate` runs next. */
export function openStoreConnection(settings: WriterConnectionSettings): SqliteDatabase {
  const database = new Database(settings.filePath);
  try {
    // The busy timeout comes first: switching to WAL and migrating may wait for another process.
    database.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
    const journalMode = database.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && settings.filePath !== ':memory:') {
      throw new Error(`could not put ${settings.filePath} in WAL mode (journal_mode is ${String(journalMode)})`);
    }
    database.pragma(`synchronous = ${settings.synchronous}`);
    database.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`);
    database.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

interface UniqueKeyRow {
  readonly stream_id: string;
  readonly command_id: string | null;
  readonly event_id: string;
}

interface CommandRow {
  readonly request_hash: string;
  readonly event_ids: string;
  readonly first_revision: bigint;
  readonly next_revision: bigint;
  readonly first_position: bigint;
  readonly position: bigint;
}

export class SqliteBatchWriter {
  private readonly selectHead: Statement<[], bigint | null>;
  private readonly selectDataVersion: Statement<[], number>;
  private readonly selectStreamRevision: Statement<[string], bigint | null>;
  private readonly selectCommand: Statement<[string], CommandRow>;
  private readonly insertEvent: Statement<[bigint, string, string, bigint, string, string, string, number]>;
  private readonly deleteEventsFrom: Statement<[bigint]>;
  private readonly insertCommand: Statement<[string, string, string, string, bigint, bigint, bigint, bigint]>;
  private readonly deleteCommand: Statement<[string]>;
  private readonly insertUniqueKey: Statement<[string, string, string | null, string, bigint, number]>;
  private readonly selectUniqueKey: Statement<[string], UniqueKeyRow>;
  private readonly deleteUniqueKey: Statement<[string]>;
  private readonly writeInTransaction: Transaction<(batch: readonly AppendToWrite[]) => BatchWritten>;
  /**
   * Each stream's last revision, as this writer last wrote or read it. Valid only while no other
   * connection has written: `PRAGMA data_version` changes when one has, and the whole map is then
   * dropped. A miss costs one lookup in the (stream_id, revision) index.
   */
  private readonly streamRevisions = new Map<string, bigint>();
  private dataVersionSeen: number | undefined = undefined;

  constructor(database: SqliteDatabase) {
    // Positions, revisions and times are read as bigint so no 64-bit value is ever rounded.
    this.selectHead = database.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck().safeIntegers();
    this.selectDataVersion = database.prepare<[], number>('PRAGMA data_version').pluck();
    this.selectStreamRevision = database
      .prepare<[string], bigint | null>('SELECT max(revision) FROM events WHERE stream_id = ?')
      .pluck()
      .safeIntegers();
    this.selectCommand = database
      .prepare<[string], CommandRow>(
        'SELECT request_hash, event_ids, first_revision, next_revision, first_position, position FROM commands WHERE command_id = ?',
      )
      .safeIntegers();
    // A stored event id makes the insert a no-op (0 changes) rather than an error that would
    // abort the statement; the writer then undoes the append's other rows and refuses it.
    this.insertEvent = database.prepare(
      `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    );
    this.deleteEventsFrom = database.prepare('DELETE FROM events WHERE position >= ?');
    this.insertCommand = database.prepare(
      `INSERT INTO commands (command_id, request_hash, stream_id, event_ids, first_revision, next_revision, first_position, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (command_id) DO NOTHING`,
    );
    this.deleteCommand = database.prepare('DELETE FROM commands WHERE command_id = ?');
    // As with event ids, a taken key makes the insert a no-op that the writer then refuses.
    this.insertUniqueKey = database.prepare(
      `INSERT INTO unique_keys (key, stream_id, command_id, event_id, position, key_index)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    this.selectUniqueKey = database.prepare<[string], UniqueKeyRow>('SELECT stream_id, command_id, event_id FROM unique_keys WHERE key = ?');
    this.deleteUniqueKey = database.prepare('DELETE FROM unique_keys WHERE key = ?');
    this.writeInTransaction = database.transaction((batch: readonly AppendToWrite[]) => this.writeBatch(batch));
  }

  /**
   * Writes the batch in one IMMEDIATE transaction: the write lock is taken before the first
   * read, so the revisions and the head it reads cannot be changed by another process before it
   * commits. Throws when SQLite fails (disk full, lock timeout...): the whole batch is then
   * rolled back and nothing of it was written.
   */
  commit(batch: readonly AppendToWrite[]): BatchWritten {
    try {
      return this.writeInTransaction.immediate(batch);
    } catch (error) {
      // The revisions noted while writing the batch were never committed.
      this.streamRevisions.clear();
      throw error;
    }
  }

  private writeBatch(batch: readonly AppendToWrite[]): BatchWritten {
    const dataVersion = this.selectDataVersion.get();
    if (dataVersion !== this.dataVersionSeen) {
      // Another connection has written since this writer last looked: its revisions may be stale.
      this.streamRevisions.clear();
      this.dataVersionSeen = dataVersion;
    }
    const recordedAtMs = Date.now();
    let headPosition = this.selectHead.get() ?? -1n;
    const outcomes: AppendOutcome[] = [];
    for (const append of batch) {
      const outcome = this.writeAppend(append, headPosition, recordedAtMs);
      if (outcome.kind === 'appended') headPosition = outcome.result.position;
      outcomes.push(outcome);
    }
    return { outcomes, headPosition, transactionsCommitted: 1 };
  }

  /**
   * The command record goes in first: a retry of a recorded command is a duplicate whatever
   * revision it now expects, and the insert doubles as the lookup (nothing inserted means the
   * command is known). Then the revision, the unique keys and the events. A refusal after the
   * first insert undoes this append's rows, so a refused append leaves nothing behind (no
   * command, no key) and the rest of the batch alone.
   */
  private writeAppend(append: AppendToWrite, headPosition: bigint, recordedAtMs: number): AppendOutcome {
    const { streamId, events, expectedRevision, command, uniqueKeys } = append;
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
    const keysTaken: string[] = [];
    const refuse = (refusal: AppendRefusal): AppendOutcome => {
      if (command !== undefined) this.deleteCommand.run(command.commandId);
      for (const key of keysTaken) this.deleteUniqueKey.run(key);
      return { kind: 'refused', refusal };
    };
    if (!revisionMatches(expectedRevision, actualRevision)) {
      return refuse({ code: 'wrong-expected-revision', streamId, expectedRevision, actualRevision });
    }
    for (let index = 0; index < uniqueKeys.length; index++) {
      const key = uniqueKeys[index];
      const inserted = this.insertUniqueKey.run(key, streamId, command?.commandId ?? null, eventIds[0], firstPosition, index);
      if (inserted.changes === 0) {
        const holder = this.selectUniqueKey.get(key);
        if (holder === undefined) throw new Error(`unique key ${key} was neither inserted nor found`);
        return refuse({ code: 'unique-key-taken', key, holder: { streamId: holder.stream_id, commandId: holder.command_id, eventId: holder.event_id } });
      }
      keysTaken.push(key);
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
        return refuse({ code: 'event-id-stored', message: `stream ${streamId}: event id ${event.id} is already stored` });
      }
    }
    this.noteStreamRevision(streamId, nextRevision);
    return { kind: 'appended', result: { nextRevision, position, eventIds, firstPosition, duplicate: false } };
  }

  private recordedCommandOutcome(commandId: string, requestHash: string): AppendOutcome {
    const recorded = this.selectCommand.get(commandId);
    if (recorded === undefined) throw new Error(`command ${commandId} was neither inserted nor found`);
    if (recorded.request_hash !== requestHash) return { kind: 'refused', refusal: { code: 'command-id-conflict', commandId } };
    return {
      kind: 'duplicate',
      result: {
        nextRevision: recorded.next_revision,
        position: recorded.position,
        eventIds: JSON.parse(recorded.event_ids) as string[],
        firstPosition: recorded.first_position,
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
}

/** The port's `revisionMatches`, repeated: this module runs in the writer thread, which imports no lib. */
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
