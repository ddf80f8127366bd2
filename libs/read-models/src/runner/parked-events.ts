import type { Kysely, Transaction } from 'kysely';
import { int64 } from '../int64';
import { isProjectionName, type ProjectionName } from '../projections/projection';
import type { ReadDatabase } from '../read-database';
import { rebuildCheckpointPrefix } from '../schema/projection-schema';
import type { ProjectionEvent } from '../source/event-source';
import type { BatchStage } from './apply-batch';

/**
 * Why an event was parked, by the stage that failed on it alone:
 * - `EVENT_UNREADABLE`: it does not decode (unknown type or schema version, an amount that is not
 *   whole đồng);
 * - `EVENT_NOT_APPLICABLE`: it decodes, but the projection cannot fold it (a counterparty that is
 *   not an account id);
 * - `READ_STORE_REFUSED_EVENT`: the read store refuses its rows (PostgreSQL refuses a NUL byte in
 *   text, a missing name breaks a NOT NULL column).
 */
export const parkedEventCodes = ['EVENT_UNREADABLE', 'EVENT_NOT_APPLICABLE', 'READ_STORE_REFUSED_EVENT'] as const;
export type ParkedEventCode = (typeof parkedEventCodes)[number];

export function parkedEventCode(stage: BatchStage): ParkedEventCode {
  return stage === 'decode' ? 'EVENT_UNREADABLE' : stage === 'fold' ? 'EVENT_NOT_APPLICABLE' : 'READ_STORE_REFUSED_EVENT';
}

/** Parked events listed by the status (the counts cover them all). */
export const parkedEventsListedMax = 100;
/** Characters kept of a parked event's id and type. */
const parkedTextLengthMax = 200;

export interface ParkedEventView {
  readonly projection: ProjectionName;
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly code: ParkedEventCode;
  readonly parkedAt: string;
}

/**
 * An event's id and type as the read store will take them: they come from the event and may hold
 * what made it fail (a NUL byte), which must not make the record of the failure fail as well.
 */
function storableText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '\ufffd').slice(0, parkedTextLengthMax);
}

/** Written in the transaction that moves the checkpoint past the event. */
export async function recordParkedEvent(trx: Transaction<ReadDatabase>, checkpointName: string, event: ProjectionEvent, code: ParkedEventCode, now: string): Promise<void> {
  const row = { event_id: storableText(event.id), event_type: storableText(event.type), code, parked_at: now };
  await trx
    .insertInto('projection_parked_events')
    .values({ projection_name: checkpointName, position: event.position, ...row })
    .onConflict((conflict) => conflict.columns(['projection_name', 'position']).doUpdateSet(row))
    .execute();
}

/**
 * The events parked by the live projections, in position order, at most `limit`. A store whose
 * projections never started has no table yet: nothing is parked there.
 */
export async function listParkedEvents(db: Kysely<ReadDatabase>, limit: number = parkedEventsListedMax): Promise<ParkedEventView[]> {
  const rows = await orNoneWithoutTable(db, () =>
    db.selectFrom('projection_parked_events').selectAll().where('projection_name', 'not like', `${rebuildCheckpointPrefix}%`).orderBy('position').orderBy('projection_name').limit(limit).execute(),
  );
  return (rows ?? []).flatMap((row) =>
    isProjectionName(row.projection_name)
      ? [{ projection: row.projection_name, position: int64(row.position), eventId: row.event_id, eventType: row.event_type, code: row.code as ParkedEventCode, parkedAt: row.parked_at }]
      : [],
  );
}

/** How many events each live projection has parked. */
export async function countParkedEvents(db: Kysely<ReadDatabase>): Promise<Map<ProjectionName, number>> {
  const rows = await orNoneWithoutTable(db, () =>
    db
      .selectFrom('projection_parked_events')
      .select(['projection_name', (eb) => eb.fn.countAll<number | bigint | string>().as('count')])
      .groupBy('projection_name')
      .execute(),
  );
  const counts = new Map<ProjectionName, number>();
  for (const row of rows ?? []) if (isProjectionName(row.projection_name)) counts.set(row.projection_name, Number(row.count));
  return counts;
}

/** At a rebuild's switch: the events the rebuild parked replace those the live tables had parked. */
export async function takeOverParkedEvents(trx: Transaction<ReadDatabase>, fromCheckpointName: string, toCheckpointName: string): Promise<void> {
  await trx.deleteFrom('projection_parked_events').where('projection_name', '=', toCheckpointName).execute();
  await trx.updateTable('projection_parked_events').set({ projection_name: toCheckpointName }).where('projection_name', '=', fromCheckpointName).execute();
}

export async function clearParkedEvents(db: Kysely<ReadDatabase>, checkpointNames: readonly string[]): Promise<void> {
  if (checkpointNames.length === 0) return;
  await db.deleteFrom('projection_parked_events').where('projection_name', 'in', [...checkpointNames]).execute();
}

async function orNoneWithoutTable<T>(db: Kysely<ReadDatabase>, query: () => Promise<T>): Promise<T | undefined> {
  try {
    return await query();
  } catch (error) {
    const tables = await db.introspection.getTables();
    if (!tables.some((table) => table.name === 'projection_parked_events')) return undefined;
    throw error;
  }
}
