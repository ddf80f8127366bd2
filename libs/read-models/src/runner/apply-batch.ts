import type { Kysely, Transaction } from 'kysely';
import type { ReadDatabase, ReadTableName } from '../read-database';
import type { DecodedEvent, EventDecoder } from '../projections/decoded-event';
import { BatchWriter, type Projection, type ProjectionBatch, type ProjectionName } from '../projections/projection';
import type { ProjectionEvent } from '../source/event-source';
import type { StatementCache } from '../writing/bulk-writer';

/** Another writer moved a checkpoint this process relied on (a rebuild was switched in, or a second runner): nothing was written. */
export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';
  constructor(readonly checkpointName: string) {
    super(`checkpoint ${checkpointName} was moved by another writer; the batch was rolled back`);
  }
}

/**
 * Where a batch failed: decoding a stored event, folding it into a projection's batch (pure code),
 * or writing a projection's rows. A failure there may come from one event's content, which the
 * runner then looks for; a failure anywhere else (the checkpoints, the commit) is the store's.
 */
export type BatchStage = 'decode' | 'fold' | 'write';

/** A batch failed while decoding, folding or writing rows; nothing of it was written. */
export class BatchApplyError extends Error {
  override readonly name = 'BatchApplyError';
  constructor(
    readonly stage: BatchStage,
    /** The projection whose fold or write failed; undefined when decoding, which every projection shares. */
    readonly projection: ProjectionName | undefined,
    override readonly cause: unknown,
  ) {
    super(`${stage === 'decode' ? 'decoding an event' : `${stage === 'fold' ? 'folding events into' : 'writing the rows of'} ${projection ?? 'a projection'}`} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
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

/** The checkpoints a transaction moves: these targets, each from its `position` to `toPosition`. */
export interface CheckpointMove {
  readonly targets: readonly BatchTarget[];
  readonly toPosition: bigint;
}

/** More work in the same transaction as a batch (a rebuild renews its lease there). */
export type AlsoInTransaction = (trx: Transaction<ReadDatabase>, move: CheckpointMove) => Promise<void>;

/**
 * Moves a checkpoint from the position this process believes is stored to `toPosition`, and
 * refuses when it is not there (compare-and-set).
 */
export async function moveCheckpoint(trx: Transaction<ReadDatabase>, target: BatchTarget, toPosition: bigint, now: string): Promise<void> {
  const moved = await trx
    .updateTable('projection_checkpoints')
    .set({ position: toPosition, updated_at: now })
    .where('projection_name', '=', target.checkpointName)
    .where('position', '=', target.position)
    .executeTakeFirst();
  if (moved.numUpdatedRows !== 1n) throw new CheckpointConflictError(target.checkpointName);
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
  alsoInTransaction?: AlsoInTransaction,
): Promise<bigint> {
  if (events.length === 0) throw new Error('applyBatch needs at least one event');
  const lastPosition = events[events.length - 1].position;
  const lowest = targets.reduce((min, target) => (target.position < min ? target.position : min), lastPosition);
  const batches: ProjectionBatch[] = targets.map((target) => target.projection.startBatch(decoder));
  for (const stored of events) {
    if (stored.position <= lowest) continue;
    let decoded: DecodedEvent;
    try {
      decoded = decoder.decode(stored);
    } catch (error) {
      throw new BatchApplyError('decode', undefined, error);
    }
    for (let index = 0; index < targets.length; index += 1) {
      if (stored.position <= targets[index].position) continue;
      try {
        batches[index].apply(decoded);
      } catch (error) {
        throw new BatchApplyError('fold', targets[index].projection.name, error);
      }
    }
  }
  const moving = targets.filter((target) => target.position < lastPosition);
  await db.transaction().execute(async (trx) => {
    for (const target of moving) await moveCheckpoint(trx, target, lastPosition, now);
    for (let index = 0; index < targets.length; index += 1) {
      if (targets[index].position >= lastPosition) continue;
      try {
        await batches[index].write(new BatchWriter(trx, statements, targets[index].physicalName));
      } catch (error) {
        throw new BatchApplyError('write', targets[index].projection.name, error);
      }
    }
    if (alsoInTransaction) await alsoInTransaction(trx, { targets: moving, toPosition: lastPosition });
  });
  for (const target of moving) target.position = lastPosition;
  return lastPosition;
}
