import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Multi-row inserts and upserts written in few statements. The SQL text of a statement for a
 * given table, column list, conflict rule and row count is compiled once by Kysely (so it is in
 * the read store's own dialect) and reused with new parameters: building a query tree for each of
 * thousands of rows per batch would cost more than writing them.
 */

/** How a conflicting row is merged into the one stored. */
export type ColumnMerge =
  /** stored + new: deltas of amounts. */
  | 'add'
  /** new when not null, else stored. */
  | 'coalesce-new'
  /** the later of the two ISO dates (text). */
  | 'max-text'
  /** A custom expression over the stored row (`table`) and the new one (`excluded`); the name keys the statement cache. */
  | { readonly name: string; readonly expression: (table: string) => RawBuilder<unknown> };

export type ConflictRule =
  | { readonly kind: 'nothing'; readonly target: readonly string[] }
  | { readonly kind: 'merge'; readonly target: readonly string[]; readonly merge: Readonly<Record<string, ColumnMerge>> };

/** Parameters per statement; SQLite allows 32,766 and PostgreSQL 65,535. */
export const statementParametersMax = 16_000;
/** Rows per statement, whatever their width. */
export const statementRowsMax = 500;
/** Compiled statements kept; each table and row count needs one. */
const compiledStatementsMax = 512;

export function stored(table: string, column: string): RawBuilder<unknown> {
  return sql.ref(`${table}.${column}`);
}

export function excluded(column: string): RawBuilder<unknown> {
  return sql.ref(`excluded.${column}`);
}

function mergeExpression(merge: ColumnMerge, table: string, column: string): RawBuilder<unknown> {
  if (typeof merge === 'object') return merge.expression(table);
  switch (merge) {
    case 'add':
      return sql`${stored(table, column)} + ${excluded(column)}`;
    case 'coalesce-new':
      return sql`coalesce(${excluded(column)}, ${stored(table, column)})`;
    case 'max-text':
      return sql`case when ${excluded(column)} > ${stored(table, column)} then ${excluded(column)} else ${stored(table, column)} end`;
  }
}

export class StatementCache {
  private readonly statements = new Map<string, string>();

  /** The SQL text of an insert of `rowCount` rows; compiled once per shape. */
  insertSql(db: Kysely<any>, table: string, columns: readonly string[], rowCount: number, conflict: ConflictRule | undefined): string {
    const key = `${table}|${columns.join(',')}|${conflictKey(conflict)}|${rowCount}`;
    const cached = this.statements.get(key);
    if (cached !== undefined) return cached;
    const placeholderRow = Object.fromEntries(columns.map((column) => [column, 0]));
    let query = db.insertInto(table).values(Array.from({ length: rowCount }, () => placeholderRow));
    if (conflict?.kind === 'nothing') query = query.onConflict((builder) => builder.columns([...conflict.target]).doNothing());
    if (conflict?.kind === 'merge') {
      const updates = Object.fromEntries(Object.entries(conflict.merge).map(([column, merge]) => [column, mergeExpression(merge, table, column)]));
      query = query.onConflict((builder) => builder.columns([...conflict.target]).doUpdateSet(updates));
    }
    const compiled = query.compile();
    // The cached text is reused with other values: every value must be a parameter, in column order.
    if (compiled.parameters.length !== rowCount * columns.length) {
      throw new Error(`insert into ${table} compiled to ${compiled.parameters.length} parameters, expected ${rowCount * columns.length}`);
    }
    if (this.statements.size >= compiledStatementsMax) this.statements.clear();
    this.statements.set(key, compiled.sql);
    return compiled.sql;
  }
}

function conflictKey(conflict: ConflictRule | undefined): string {
  if (!conflict) return '-';
  if (conflict.kind === 'nothing') return `nothing(${conflict.target.join(',')})`;
  return `merge(${conflict.target.join(',')};${Object.entries(conflict.merge)
    .map(([column, merge]) => `${column}:${typeof merge === 'object' ? merge.name : merge}`)
    .join(',')})`;
}

/**
 * Statement sizes: full statements of `rowsPerStatement` rows, then the rest in powers of two, so a
 * table needs at most a dozen distinct statements however batches are cut, and they stay prepared.
 */
function statementSizes(rowCount: number, rowsPerStatement: number): number[] {
  const sizes: number[] = [];
  let remaining = rowCount;
  while (remaining >= rowsPerStatement) {
    sizes.push(rowsPerStatement);
    remaining -= rowsPerStatement;
  }
  for (let size = 1 << Math.floor(Math.log2(Math.max(1, rowsPerStatement))); size >= 1; size >>= 1) {
    if (remaining >= size) {
      sizes.push(size);
      remaining -= size;
    }
  }
  return sizes;
}

function rowsPerStatementFor(columnCount: number): number {
  return Math.max(1, Math.min(statementRowsMax, Math.floor(statementParametersMax / columnCount)));
}

/**
 * Writes rows (arrays of values in `columns` order) in statements of at most
 * `statementRowsMax` rows and `statementParametersMax` parameters.
 */
export async function insertRows(
  db: Kysely<any>,
  cache: StatementCache,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  conflict?: ConflictRule,
): Promise<void> {
  let start = 0;
  for (const size of statementSizes(rows.length, rowsPerStatementFor(columns.length))) {
    const parameters: unknown[] = new Array(size * columns.length);
    let index = 0;
    for (let row = start; row < start + size; row += 1) {
      const values = rows[row];
      for (let column = 0; column < columns.length; column += 1) parameters[index++] = values[column];
    }
    start += size;
    await db.executeQuery(CompiledQuery.raw(cache.insertSql(db, table, columns, size, conflict), parameters));
  }
}

/** As `insertRows`, for rows already laid end to end in one array (no array per row on the hot path). */
export async function insertFlatRows(
  db: Kysely<any>,
  cache: StatementCache,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
  conflict?: ConflictRule,
): Promise<void> {
  if (values.length % columns.length !== 0) throw new Error(`${values.length} values do not make whole rows of ${columns.length} columns`);
  let start = 0;
  for (const size of statementSizes(values.length / columns.length, rowsPerStatementFor(columns.length))) {
    const end = start + size * columns.length;
    await db.executeQuery(CompiledQuery.raw(cache.insertSql(db, table, columns, size, conflict), values.slice(start, end)));
    start = end;
  }
}
