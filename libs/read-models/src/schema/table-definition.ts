import type { CreateTableBuilder, Expression, Kysely, SqlBool } from 'kysely';
import type { ReadDatabase, ReadTableName } from '../read-database';
import type { ReadStoreDialect } from '../read-store';

export interface IndexDefinition {
  /** The index name without its generation suffix; unique within the read store. */
  readonly name: string;
  readonly columns: readonly string[];
  /** A partial index: only the rows meeting this condition (unqualified column names), for a query that asks the same. */
  readonly where?: Expression<SqlBool>;
}

/**
 * One table of a projection. A table is created with its primary key (upserts need it while a
 * rebuild loads rows); secondary indexes are created separately, so a rebuild can load first and
 * index once at the end, which is several times faster than keeping indexes up to date row by row.
 */
export interface TableDefinition {
  readonly name: ReadTableName;
  create(db: Kysely<ReadDatabase>, physicalName: string, context: TableContext): CreateTableBuilder<string, never>;
  readonly indexes: readonly IndexDefinition[];
}

export interface TableContext {
  readonly dialect: ReadStoreDialect;
  /** The generation of the set of tables being created; names the constraints. */
  readonly generation: number;
  /**
   * The primary key constraint's name. PostgreSQL keeps index and constraint names when a table
   * is renamed, so they carry the generation like secondary indexes do.
   */
  readonly primaryKey: string;
}

/** 64-bit positions: in SQLite an `integer primary key` is the row id itself, which makes appends by position cheapest. */
export function positionKeyType(dialect: ReadStoreDialect): 'integer' | 'bigint' {
  return dialect === 'sqlite' ? 'integer' : 'bigint';
}

export function primaryKeyName(table: ReadTableName, generation: number): string {
  return generation === 0 ? `${table}_pk` : `${table}_pk_g${generation}`;
}

/** Index names carry the generation of the tables they were built with, so a rebuilt table's indexes never clash with the live ones. */
export function physicalIndexName(index: IndexDefinition, generation: number): string {
  return generation === 0 ? index.name : `${index.name}_g${generation}`;
}

export async function createIndexes(db: Kysely<ReadDatabase>, table: TableDefinition, physicalName: string, generation: number): Promise<void> {
  for (const index of table.indexes) {
    const create = db.schema
      .createIndex(physicalIndexName(index, generation))
      .ifNotExists()
      .on(physicalName)
      .columns([...index.columns]);
    await (index.where ? create.where(index.where) : create).execute();
  }
}
