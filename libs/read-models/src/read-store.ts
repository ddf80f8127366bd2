import type { Kysely } from 'kysely';
import type { ReadDatabase } from './read-database';

export type ReadStoreDialect = 'sqlite' | 'postgres';

/**
 * Where the read models live. The projection code speaks dialect-neutral Kysely to it; an adapter
 * (`@ledger/read-models-sqlite` or `@ledger/read-models-postgres`) opens the connections.
 */
export interface ReadStore {
  readonly dialect: ReadStoreDialect;
  /** The projection runner's connection: batches, checkpoints, rebuilds, schema changes. */
  readonly writer: Kysely<ReadDatabase>;
  /** The queries' connection; with SQLite a second connection, so a batch in progress never blocks a query. */
  readonly reader: Kysely<ReadDatabase>;
  close(): Promise<void>;
}
