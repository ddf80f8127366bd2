import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase, type SqliteStatement } from 'kysely';
import type { ReadDatabase, ReadStore } from '@ledger/read-models';

export interface SqliteReadStoreOptions {
  /** The read store file, e.g. `{dataDir}/read.sqlite`; `:memory:` gives one private connection (tests). */
  readonly filePath: string;
  /** How long a write waits for another process's write lock. */
  readonly busyTimeoutMs?: number;
  /** Page cache per connection, in MiB. */
  readonly cacheSizeMib?: number;
}

export const readStoreBusyTimeoutMsDefault = 10_000;
export const readStoreCacheSizeMibDefault = 32;
/**
 * Prepared statements kept per connection. Batch inserts use about a dozen statement shapes per
 * table (live and rebuilt tables apart); queries a few dozen.
 */
export const preparedStatementsMax = 256;

/**
 * Kysely prepares every query anew; a read model writes the same large multi-row statements
 * thousands of times, so prepared statements are kept per SQL text. The writer also opens its
 * transactions with BEGIN IMMEDIATE: it takes the write lock at once and never fails half-way
 * through when another process has written in between.
 */
class CachingConnection implements KyselySqliteDatabase {
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly database: SqliteDatabase,
    private readonly immediateTransactions: boolean,
  ) {}

  prepare(sql: string): SqliteStatement {
    const text = this.immediateTransactions && sql === 'begin' ? 'begin immediate' : sql;
    let statement = this.statements.get(text);
    if (statement) {
      this.statements.delete(text);
    } else {
      statement = this.database.prepare(text);
      if (this.statements.size >= preparedStatementsMax) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(text, statement);
    return statement as unknown as SqliteStatement;
  }

  close(): void {
    this.statements.clear();
    if (this.database.open) this.database.close();
  }
}

function openConnection(filePath: string, options: SqliteReadStoreOptions, role: 'writer' | 'reader'): CachingConnection {
  const database = new Database(filePath);
  try {
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? readStoreBusyTimeoutMsDefault}`);
    if (filePath !== ':memory:') {
      const mode = database.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not put ${filePath} in WAL mode (journal_mode is ${String(mode)})`);
    }
    // The read store holds derived data with its checkpoints in the same transactions: a commit lost
    // to a power cut is recomputed from the events, so commits need not wait for the disk.
    database.pragma('synchronous = NORMAL');
    database.pragma(`cache_size = ${-1024 * (options.cacheSizeMib ?? readStoreCacheSizeMibDefault)}`);
    // Every integer comes back as bigint: amounts and positions are 64-bit and must never be rounded.
    database.defaultSafeIntegers(true);
    if (role === 'reader') database.pragma('query_only = ON');
    return new CachingConnection(database, role === 'writer');
  } catch (error) {
    database.close();
    throw error;
  }
}

/** Opens the embedded read store: one writer connection for the projections and one reader connection for queries. */
export async function openSqliteReadStore(options: SqliteReadStoreOptions): Promise<ReadStore> {
  const writerConnection = openConnection(options.filePath, options, 'writer');
  const writer = new Kysely<ReadDatabase>({ dialect: new SqliteDialect({ database: writerConnection }) });
  if (options.filePath === ':memory:') {
    return { dialect: 'sqlite', writer, reader: writer, close: () => writer.destroy() };
  }
  let readerConnection: CachingConnection;
  try {
    readerConnection = openConnection(options.filePath, options, 'reader');
  } catch (error) {
    await writer.destroy();
    throw error;
  }
  const reader = new Kysely<ReadDatabase>({ dialect: new SqliteDialect({ database: readerConnection }) });
  let closed = false;
  return {
    dialect: 'sqlite',
    writer,
    reader,
    close: async () => {
      if (closed) return;
      closed = true;
      await reader.destroy();
      await writer.destroy();
    },
  };
}
