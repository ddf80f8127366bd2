import type { Kysely } from 'kysely';
import { int64, smallInteger } from '../int64';
import type { ReadDatabase, ReadTableName } from '../read-database';
import type { ReadStoreDialect } from '../read-store';
import { BatchWriter, type Projection, type ProjectionName } from '../projections/projection';
import { StatementCache } from '../writing/bulk-writer';
import { addColumns, createIndexes, primaryKeyName, type ColumnDefinition, type TableDefinition } from './table-definition';

/**
 * Tables of the projections' bookkeeping, and the life cycle of a projection's tables: created
 * when missing, recreated empty when the code's schema version differs from the stored one (the
 * runner then fills them from position zero), and built beside the live ones by a rebuild.
 */

/** Checkpoints of live projections are named after them; a rebuild's progress is kept under this prefix. */
export const rebuildCheckpointPrefix = 'rebuild:';
const shadowSuffix = '__rebuild';
const retiredSuffix = '__retired';

export function shadowTableName(table: ReadTableName): string {
  return `${table}${shadowSuffix}`;
}

export function retiredTableName(table: ReadTableName): string {
  return `${table}${retiredSuffix}`;
}

export async function ensureBookkeepingTables(db: Kysely<ReadDatabase>): Promise<void> {
  const tables: readonly { readonly name: ReadTableName; readonly columns: readonly ColumnDefinition[]; readonly primaryKey: readonly string[] }[] = [
    { name: 'projection_checkpoints', columns: [['projection_name', 'text'], ['position', 'bigint'], ['updated_at', 'text']], primaryKey: ['projection_name'] },
    {
      name: 'projection_parked_events',
      columns: [['projection_name', 'text'], ['position', 'bigint'], ['event_id', 'text'], ['event_type', 'text'], ['code', 'text'], ['parked_at', 'text']],
      primaryKey: ['projection_name', 'position'],
    },
    {
      name: 'projection_generations',
      columns: [['projection_name', 'text'], ['generation', 'integer'], ['schema_version', 'integer'], ['rebuilt_at', 'text', 'nullable']],
      primaryKey: ['projection_name'],
    },
    {
      name: 'projection_rebuilds',
      columns: [
        ['job_id', 'text'], ['projections', 'text'], ['status', 'text'], ['phase', 'text'], ['generation', 'integer'], ['position', 'bigint'], ['head_at_start', 'bigint'],
        ['events_processed', 'bigint'], ['started_at', 'text'], ['heartbeat_at', 'text'], ['finished_at', 'text', 'nullable'], ['error', 'text', 'nullable'],
      ],
      primaryKey: ['job_id'],
    },
  ];
  for (const table of tables) {
    await addColumns(db.schema.createTable(table.name).ifNotExists(), table.columns)
      .addPrimaryKeyConstraint(`${table.name}_pk`, table.primaryKey as never)
      .execute();
  }
  // At most one running rebuild per read store, whatever the processes: a second claim that raced
  // past the lease check fails on this index instead of starting a second rebuild.
  await db.schema
    .createIndex('projection_rebuilds_one_running')
    .ifNotExists()
    .unique()
    .on('projection_rebuilds')
    .column('status')
    .where('status', '=', 'running')
    .execute();
}

export async function createTables(
  db: Kysely<ReadDatabase>,
  tables: readonly TableDefinition[],
  physicalName: (table: ReadTableName) => string,
  dialect: ReadStoreDialect,
  generation: number,
  options: { readonly withIndexes: boolean },
): Promise<void> {
  for (const table of tables) {
    const name = physicalName(table.name);
    await table.create(db, name, { dialect, generation, primaryKey: primaryKeyName(table.name, generation) }).execute();
    if (options.withIndexes) await createIndexes(db, table, name, generation);
  }
}

export async function dropTables(db: Kysely<ReadDatabase>, names: readonly string[]): Promise<void> {
  for (const name of names) await db.schema.dropTable(name).ifExists().execute();
}

export async function existingTables(db: Kysely<ReadDatabase>): Promise<Set<string>> {
  const tables = await db.introspection.getTables();
  return new Set(tables.map((table) => table.name));
}

/** The highest generation any projection's tables were built with; a new build uses one more. */
export async function highestGeneration(db: Kysely<ReadDatabase>): Promise<number> {
  const rows = await db.selectFrom('projection_generations').select('generation').execute();
  const live = rows.reduce((highest, row) => Math.max(highest, smallInteger(row.generation)), 0);
  const rebuilds = await db.selectFrom('projection_rebuilds').select('generation').execute();
  return rebuilds.reduce((highest, row) => Math.max(highest, smallInteger(row.generation)), live);
}

/**
 * Makes sure a projection's live tables exist and match the code's schema version. Missing or
 * outdated tables are (re)created empty with the checkpoint at -1, in one transaction.
 * Returns true when the tables were (re)created.
 */
export async function ensureProjectionTables(db: Kysely<ReadDatabase>, projection: Projection, dialect: ReadStoreDialect, now: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const stored = await trx.selectFrom('projection_generations').selectAll().where('projection_name', '=', projection.name).executeTakeFirst();
    const present = await existingTables(trx);
    const complete = projection.tables.every((table) => present.has(table.name));
    if (stored && smallInteger(stored.schema_version) === projection.schemaVersion && complete) return false;
    const generation = stored ? (await highestGeneration(trx)) + 1 : 0;
    await dropTables(trx, projection.tables.map((table) => table.name));
    await createTables(trx, projection.tables, (table) => table, dialect, generation, { withIndexes: true });
    await projection.initialize(new BatchWriter(trx, new StatementCache(), (table) => table));
    await setCheckpoint(trx, projection.name, -1n, now);
    // Refolded from zero: events parked by the old tables are tried again.
    await trx.deleteFrom('projection_parked_events').where('projection_name', '=', liveCheckpointName(projection.name)).execute();
    await trx
      .insertInto('projection_generations')
      .values({ projection_name: projection.name, generation, schema_version: projection.schemaVersion, rebuilt_at: null })
      .onConflict((conflict) => conflict.column('projection_name').doUpdateSet({ generation, schema_version: projection.schemaVersion, rebuilt_at: null }))
      .execute();
    return true;
  });
}

export async function setCheckpoint(db: Kysely<ReadDatabase>, name: string, position: bigint, now: string): Promise<void> {
  await db
    .insertInto('projection_checkpoints')
    .values({ projection_name: name, position, updated_at: now })
    .onConflict((conflict) => conflict.column('projection_name').doUpdateSet({ position, updated_at: now }))
    .execute();
}

export async function loadCheckpoints(db: Kysely<ReadDatabase>, names: readonly string[]): Promise<Map<string, bigint>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('projection_checkpoints').select(['projection_name', 'position']).where('projection_name', 'in', [...names]).execute();
  return new Map(rows.map((row) => [row.projection_name, int64(row.position)]));
}

export function liveCheckpointName(name: ProjectionName): string {
  return name;
}

export function rebuildCheckpointName(name: ProjectionName): string {
  return `${rebuildCheckpointPrefix}${name}`;
}
