import type { Kysely } from 'kysely';
import type { ReadDatabase, ReadTableName } from '../read-database';
import type { TableDefinition } from '../schema/table-definition';
import { insertFlatRows, insertRows, type ConflictRule, type StatementCache } from '../writing/bulk-writer';
import type { DecodedEvent, EventDecoder } from './decoded-event';

export const projectionNames = ['registry', 'balances', 'audit-trail', 'transfers', 'approvals', 'account-history'] as const;
/** Each projection has its own tables and checkpoint and can be rebuilt on its own. */
export type ProjectionName = (typeof projectionNames)[number];

export function isProjectionName(text: string): text is ProjectionName {
  return (projectionNames as readonly string[]).includes(text);
}

/**
 * The write side of one batch transaction, for one set of tables (the live ones, or the shadow
 * ones a rebuild fills). Projections name tables by their logical name; `table()` gives the
 * physical name to use in a query, typed as the logical one since both have the same columns.
 */
export class BatchWriter {
  constructor(
    readonly db: Kysely<ReadDatabase>,
    private readonly statements: StatementCache,
    private readonly physicalNames: (table: ReadTableName) => string,
  ) {}

  table<T extends ReadTableName>(table: T): T {
    return this.physicalNames(table) as T;
  }

  insert(table: ReadTableName, columns: readonly string[], rows: readonly (readonly unknown[])[], conflict?: ConflictRule): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return insertRows(this.db, this.statements, this.physicalNames(table), columns, rows, conflict);
  }

  /** Rows laid end to end in one array, `columns.length` values each. */
  insertFlat(table: ReadTableName, columns: readonly string[], values: readonly unknown[], conflict?: ConflictRule): Promise<void> {
    if (values.length === 0) return Promise.resolve();
    return insertFlatRows(this.db, this.statements, this.physicalNames(table), columns, values, conflict);
  }
}

/**
 * A projection folds events into read-model rows. A batch gathers the effects of many events in
 * memory (pure code, no I/O per event) and then writes them with a few multi-row statements in the
 * batch's transaction, together with the projection's checkpoint.
 */
export interface Projection {
  readonly name: ProjectionName;
  /** Bump when the tables or their meaning change: tables of another version are dropped and rebuilt from zero. */
  readonly schemaVersion: number;
  readonly tables: readonly TableDefinition[];
  /** Rows a fresh set of tables starts with. */
  initialize(writer: BatchWriter): Promise<void>;
  startBatch(decoder: EventDecoder): ProjectionBatch;
}

export interface ProjectionBatch {
  apply(event: DecodedEvent): void;
  write(writer: BatchWriter): Promise<void>;
}
