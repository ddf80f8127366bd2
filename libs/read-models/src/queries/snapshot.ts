import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { int64 } from '../int64';
import { projectionNamed } from '../projections/catalogue';
import type { ProjectionName } from '../projections/projection';
import type { ReadDatabase } from '../read-database';
import { liveCheckpointName } from '../schema/projection-schema';

export interface Snapshot<T> {
  readonly value: T;
  /** The event position the answer reflects: the lowest checkpoint among the projections it read. */
  readonly position: bigint;
}

/**
 * Runs a query's statements in one read transaction, so they all see the same commit, and reads
 * the checkpoints of the projections involved in that same snapshot: the position an answer
 * reports is exactly the one its figures reflect.
 */
export async function inSnapshot<T>(db: Kysely<ReadDatabase>, projections: readonly ProjectionName[], query: (trx: Transaction<ReadDatabase>) => Promise<T>): Promise<Snapshot<T>> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // On PostgreSQL a snapshot covers rows, not table names: a rebuild switching tables in after
      // this query's first statement would show it the new tables with its old rows. Taking the
      // weakest lock on every table read first makes the switch wait for the query (or the query
      // start after the switch and see it whole). SQLite's read transaction already sees one file state.
      if (trx.getExecutor().adapter instanceof PostgresAdapter) {
        const tables = ['projection_checkpoints', ...new Set(projections.flatMap((name) => projectionNamed(name).tables.map((table) => table.name)))];
        await sql`LOCK TABLE ${sql.join(tables.map((table) => sql.table(table)))} IN ACCESS SHARE MODE`.execute(trx);
      }
      const rows = await trx
        .selectFrom('projection_checkpoints')
        .select(['projection_name', 'position'])
        .where(
          'projection_name',
          'in',
          projections.map((name) => liveCheckpointName(name)),
        )
        .execute();
      const positions = new Map(rows.map((row) => [row.projection_name, int64(row.position)]));
      const position = projections.reduce((min, name) => {
        const own = positions.get(liveCheckpointName(name)) ?? -1n;
        return own < min ? own : min;
      }, positions.get(liveCheckpointName(projections[0])) ?? -1n);
      return { value: await query(trx), position };
    });
}

/** Reads the live checkpoints outside any query: for status pages and for waiting without a runner in this process. */
export async function storedPositions(db: Kysely<ReadDatabase>): Promise<Map<string, bigint>> {
  const rows = await db.selectFrom('projection_checkpoints').select(['projection_name', 'position']).execute();
  return new Map(rows.map((row) => [row.projection_name, int64(row.position)]));
}
