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

/**
 * A column as the `create table` states it: its name, its SQL type, and `nullable` for one that may
 * be null, or `default 0` for a figure that rows written by hand may leave out; any other is `not null`.
 * One list of these states a table's columns and the order its rows are written in.
 */
export type ColumnDefinition = readonly [name: string, type: 'text' | 'integer' | 'bigint', constraint?: 'nullable' | 'default 0'];

/** The funding line of an account (its key but for the locality and the component), as the tables that carry it state it. */
export const fundingLineColumns: readonly ColumnDefinition[] = [['program_code', 'text'], ['plan_year', 'integer'], ['capital_type', 'text'], ['budget_source', 'text']];

/** The names of the columns, in order: the column list of the table's inserts. */
export function columnNames(columns: readonly ColumnDefinition[]): string[] {
  return columns.map(([name]) => name);
}

/** Adds the columns to a `create table`, in order. */
export function addColumns(table: CreateTableBuilder<string, never>, columns: readonly ColumnDefinition[]): CreateTableBuilder<string, never> {
  let built = table;
  for (const [name, type, constraint] of columns) {
    if (constraint === 'nullable') built = built.addColumn(name, type);
    else if (constraint === 'default 0') built = built.addColumn(name, type, (column) => column.notNull().defaultTo(0));
    else built = built.addColumn(name, type, (column) => column.notNull());
  }
  return built;
}

/** A table whose columns are all stated by the list; its primary key is named after the generation. */
export function readTable(table: { readonly name: ReadTableName; readonly columns: readonly ColumnDefinition[]; readonly primaryKey: readonly string[]; readonly indexes: readonly IndexDefinition[] }): TableDefinition {
  return {
    name: table.name,
    create: (db, physicalName, context) => addColumns(db.schema.createTable(physicalName), table.columns).addPrimaryKeyConstraint(context.primaryKey, table.primaryKey as never),
    indexes: table.indexes,
  };
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
