import type { Kysely, Transaction } from 'kysely';
import type { ReadDatabase, ReadTableName } from '../read-database';
import type { DecodedEvent, EventDecoder } from '../projections/decoded-event';
import { BatchWriter, type Projection, type ProjectionBatch } from '../projections/projection';
import type { ProjectionEvent } from '../source/event-source';
import type { StatementCache } from '../writing/bulk-writer';

/** Another writer moved a checkpoint this process relied on (a rebuild was switched in, or a second runner): nothing was written. */
export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';
  constructor(readonly checkpointName: string) {
    super(`checkpoint ${checkpointName} was moved by another writer; the batch was rolled back`);
  }
}

/** One projection writing into one set of tables (live or shadow) from its checkpoint. */
export interface BatchTarget {
  readonly projection: Projection;
  readonly checkpointName: string;
  readonly physicalName: (table: ReadTableName) => string;
  /** The checkpoint this process believes is stored; events at or before it are skipped. */
  position: bigint;
}

/**
 * Applies one batch of events to every target in ONE read-store transaction: the rows and the
 * checkpoints move together, so a crash leaves either the whole batch or none of it.
 *
 * The first statement moves each checkpoint from the position this process believes is stored
 * to the batch's last position, and refuses when it is not (compare-and-set). That takes the
 * write lock up front and stops a second writer from applying the same events twice.
 */
export async function applyBatch(
  db: Kysely<ReadDatabase>,
  statements: StatementCache,
  decoder: EventDecoder,
  targets: readonly BatchTarget[],
  events: readonly ProjectionEvent[],
  now: string,
  alsoInTransaction?: (trx: Transaction<ReadDatabase>, lastPosition: bigint) => Promise<void>,
): Promise<bigint> {
  if (events.length === 0) throw new Error('applyBatch needs at least one event');
  const lastPosition = events[events.length - 1].position;
  const lowest = targets.reduce((min, target) => (target.position < min ? target.position : min), lastPosition);
  const batches: ProjectionBatch[] = targets.map((target) => target.projection.startBatch(decoder));
  for (const stored of events) {
    if (stored.position <= lowest) continue;
    const decoded: DecodedEvent = decoder.decode(stored);
    for (let index = 0; index < targets.length; index += 1) {
      if (stored.position > targets[index].position) batches[index].apply(decoded);
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const target of targets) {
      if (target.position >= lastPosition) continue;
      const moved = await trx
        .updateTable('projection_checkpoints')
        .set({ position: lastPosition, updated_at: now })
        .where('projection_name', '=', target.checkpointName)
        .where('position', '=', target.position)
        .executeTakeFirst();
      if (moved.numUpdatedRows !== 1n) throw new CheckpointConflictError(target.checkpointName);
    }
    for (let index = 0; index < targets.length; index += 1) {
      if (targets[index].position >= lastPosition) continue;
      await batches[index].write(new BatchWriter(trx, statements, targets[index].physicalName));
    }
    if (alsoInTransaction) await alsoInTransaction(trx, lastPosition);
  });
  for (const target of targets) if (target.position < lastPosition) target.position = lastPosition;
  return lastPosition;
}
