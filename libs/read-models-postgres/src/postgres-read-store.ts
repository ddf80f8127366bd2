import { CompiledQuery, Kysely, PostgresDialect, sql, type DatabaseConnection } from 'kysely';
import { Pool, types as defaultTypes, type CustomTypesConfig, type PoolConfig } from 'pg';
import type { ReadDatabase, ReadStore } from '@ledger/read-models';

export interface PostgresReadStoreOptions {
  /** `postgres://user:pass@host:5432/db` (any libpq-style URL node-postgres accepts: `?sslmode=…`, `?application_name=…`). */
  readonly connectionString: string;
  /** Connections for queries; the projections write through their own pool of `writerPoolSizeMax`. */
  readonly poolSizeMax?: number;
  /** A query running longer than this is cancelled by the server. */
  readonly queryTimeoutMs?: number;
  /** How long opening a connection may take. */
  readonly connectTimeoutMs?: number;
}

export const readerPoolSizeMaxDefault = 10;
/** The runner, a rebuild and its status writes each hold one connection at a time; two spare. */
export const writerPoolSizeMax = 4;
export const queryTimeoutMsDefault = 30_000;
export const connectTimeoutMsDefault = 10_000;
/** Idle pooled connections are closed after this long. */
const idleConnectionTimeoutMs = 30_000;
const applicationName = 'program-ledger read store';

/** PostgreSQL's type id of `bigint` (int8). */
const int8TypeId = 20;

/**
 * node-postgres reads `bigint` columns as decimal strings. The int64 codec of the read models
 * accepts those, but rows read raw (rebuild bookkeeping, tests comparing stores) would then differ
 * in shape from SQLite's. These pools read them as `bigint`, exactly, like the SQLite store does.
 * `numeric` (the type of `sum(bigint)`) stays a string and goes through the codec, which refuses
 * anything but a 64-bit integer. The parsers belong to these pools only, not to `pg` globally.
 */
const exactTypes: CustomTypesConfig = {
  getTypeParser: ((typeId: number, format?: 'text' | 'binary') =>
    typeId === int8TypeId && format !== 'binary' ? (text: string) => BigInt(text) : defaultTypes.getTypeParser(typeId, format)) as CustomTypesConfig['getTypeParser'],
};

/** Strings in code-point order, the order SQLite compares text in; the database's collation must agree. */
const collationProbe = ['a', 'B', 'Z', '_', '.', '-', '1', 'a.b', 'a_b', 'ab', 'A', 'Đ', 'á', 'z'];

export class ReadStoreCollationError extends Error {
  override readonly name = 'ReadStoreCollationError';
  constructor(readonly database: string, readonly observedOrder: readonly string[]) {
    super(
      `the read store database ${database} does not compare text in code-point order (it sorts ${observedOrder.join(' ')}); ` +
        `pages ordered by account, transfer or locality ids would come out in another order than on SQLite. ` +
        `Create it with: CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
  }
}

function poolConfig(options: PostgresReadStoreOptions, role: 'writer' | 'reader'): PoolConfig {
  return {
    connectionString: options.connectionString,
    max: role === 'writer' ? writerPoolSizeMax : (options.poolSizeMax ?? readerPoolSizeMaxDefault),
    idleTimeoutMillis: idleConnectionTimeoutMs,
    connectionTimeoutMillis: options.connectTimeoutMs ?? connectTimeoutMsDefault,
    keepAlive: true,
    // A name set in the connection string wins over this one.
    fallback_application_name: `${applicationName} (${role})`,
    types: exactTypes,
    // Writes (batches, index builds of a rebuild) are bounded by their batch sizes, not by a timeout.
    statement_timeout: role === 'reader' ? (options.queryTimeoutMs ?? queryTimeoutMsDefault) : false,
  };
}

function openPool(options: PostgresReadStoreOptions, role: 'writer' | 'reader'): Pool {
  const pool = new Pool(poolConfig(options, role));
  // An idle connection that breaks (server restart, network) is dropped by the pool; the next query
  // opens a new one or fails with its own error. Without a listener the event would stop the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Like the SQLite store's query_only reader: a query can never write, whatever SQL it runs. */
async function readOnly(connection: DatabaseConnection): Promise<void> {
  await connection.executeQuery(CompiledQuery.raw('set default_transaction_read_only = on'));
}

/**
 * The read models in PostgreSQL. The projections, their schema and the queries are the same
 * dialect-neutral Kysely code as on SQLite; this class only opens the connections: a small pool
 * for the projection runner and rebuilds (`writer`) and a pool of read-only connections for the
 * queries (`reader`), so queries never wait behind a batch for a connection.
 */
export class PostgresReadStore implements ReadStore {
  readonly dialect = 'postgres' as const;
  private closed = false;

  private constructor(
    readonly writer: Kysely<ReadDatabase>,
    readonly reader: Kysely<ReadDatabase>,
  ) {}

  /** Opens both pools and checks the server answers and compares text as SQLite does; nothing is created. */
  static async open(options: PostgresReadStoreOptions): Promise<PostgresReadStore> {
    const poolSizeMax = options.poolSizeMax ?? readerPoolSizeMaxDefault;
    if (!Number.isInteger(poolSizeMax) || poolSizeMax < 1) throw new RangeError(`poolSizeMax must be a positive integer, got ${String(options.poolSizeMax)}`);
    const writer = new Kysely<ReadDatabase>({ dialect: new PostgresDialect({ pool: openPool(options, 'writer') }) });
    const reader = new Kysely<ReadDatabase>({ dialect: new PostgresDialect({ pool: openPool(options, 'reader'), onCreateConnection: readOnly }) });
    const store = new PostgresReadStore(writer, reader);
    try {
      await checkCollation(writer);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.reader.destroy();
    await this.writer.destroy();
  }
}

async function checkCollation(db: Kysely<ReadDatabase>): Promise<void> {
  const probe = sql.join(collationProbe.map((text) => sql`(cast(${text} as text))`));
  const result = await sql<{ word: string; database: string }>`select word, current_database() as database from (values ${probe}) as probe (word) order by word`.execute(db);
  const observed = result.rows.map((row) => row.word);
  const expected = [...collationProbe].sort();
  if (observed.join('\u0000') !== expected.join('\u0000')) throw new ReadStoreCollationError(result.rows[0]?.database ?? '(unknown)', observed);
}
