import type { Kysely } from 'kysely';
import { int64 } from '../int64';
import type { EventDecoder } from '../projections/decoded-event';
import type { ReadDatabase } from '../read-database';
import type { ProjectionEvent } from '../source/event-source';
import type { StatementCache } from '../writing/bulk-writer';
import { applyBatch, BatchApplyError, CheckpointConflictError, moveCheckpoint, type AlsoInTransaction, type BatchTarget } from './apply-batch';
import { parkedEventCode, recordParkedEvent, type ParkedEventCode } from './parked-events';
import { errorText, type RunnerLogger } from './runner-logger';

/** The read store did not answer while the runner looked for the event that fails: nothing is parked, the batch is retried later. */
export class ReadStoreUnavailableError extends Error {
  override readonly name = 'ReadStoreUnavailableError';
  constructor(override readonly cause: unknown) {
    super(`the read store does not answer: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface ParkingContext {
  readonly db: Kysely<ReadDatabase>;
  readonly statements: StatementCache;
  readonly decoder: EventDecoder;
  readonly now: string;
  readonly logger: RunnerLogger;
  readonly alsoInTransaction?: AlsoInTransaction;
}

export interface ParkedEventRecord {
  readonly checkpointName: string;
  readonly event: ProjectionEvent;
  readonly code: ParkedEventCode;
}

/**
 * Applies a batch so that no event's content can stop it: the batch is tried whole, and when it
 * fails in decoding, folding or writing rows, each half is tried on its own, down to single events;
 * an event that fails alone is tried per projection, and a projection it fails for twice, with the
 * store answering in between, parks it: the checkpoint moves past the event in the same
 * transaction as the parked event's row is written. Every other event is applied, in order, each
 * part in one transaction with its checkpoints, as a batch is.
 *
 * A failure elsewhere (the checkpoints, the commit) or a store that stops answering is not an
 * event's fault: it is thrown, nothing is parked, and what was committed so far stays.
 */
export async function applyParkingFailures(context: ParkingContext, targets: readonly BatchTarget[], events: readonly ProjectionEvent[]): Promise<ParkedEventRecord[]> {
  const parked: ParkedEventRecord[] = [];

  const attempt = async (subset: readonly BatchTarget[], range: readonly ProjectionEvent[]): Promise<BatchApplyError | undefined> => {
    try {
      await applyBatch(context.db, context.statements, context.decoder, subset, range, context.now, context.alsoInTransaction);
      return undefined;
    } catch (error) {
      if (error instanceof BatchApplyError) return error;
      throw error;
    }
  };

  const applyRange = async (range: readonly ProjectionEvent[]): Promise<void> => {
    if (await attempt(targets, range)) {
      if (range.length === 1) return isolate(range[0]);
      const middle = Math.ceil(range.length / 2);
      await applyRange(range.slice(0, middle));
      await applyRange(range.slice(middle));
    }
  };

  const isolate = async (event: ProjectionEvent): Promise<void> => {
    for (const target of targets) {
      if (target.position >= event.position) continue;
      if (!(await attempt([target], [event]))) continue;
      // The store may have failed rather than the event: it must answer, and the event fail again.
      await probe(context.db, target);
      const failure = await attempt([target], [event]);
      if (!failure) continue;
      const code = parkedEventCode(failure.stage);
      await context.db.transaction().execute(async (trx) => {
        await moveCheckpoint(trx, target, event.position, context.now);
        await recordParkedEvent(trx, target.checkpointName, event, code, context.now);
        if (context.alsoInTransaction) await context.alsoInTransaction(trx, { targets: [target], toPosition: event.position });
      });
      target.position = event.position;
      parked.push({ checkpointName: target.checkpointName, event, code });
      context.logger.error(`parked event ${event.id} (${event.type}) at position ${event.position.toString()} for ${target.checkpointName}, ${code}: ${errorText(failure)}`);
    }
  };

  await applyRange(events);
  return parked;
}

/** The store answers, and the target's checkpoint is where this process believes it is. */
async function probe(db: Kysely<ReadDatabase>, target: BatchTarget): Promise<void> {
  let stored: { readonly position: unknown } | undefined;
  try {
    stored = await db.selectFrom('projection_checkpoints').select('position').where('projection_name', '=', target.checkpointName).executeTakeFirst();
  } catch (error) {
    throw new ReadStoreUnavailableError(error);
  }
  if (stored === undefined || int64(stored.position) !== target.position) throw new CheckpointConflictError(target.checkpointName);
}
