import type { ProjectionName } from '../projections/projection';
import { BatchApplyError } from './apply-batch';
import { ReadStoreUnavailableError } from './park-failing-events';

/**
 * Why the runner is retrying, as a stable code: what operators and probes see. The error's own
 * text (a database message, a file path) goes to the log only.
 * - `PROJECTION_BATCH_FAILED`: a batch failed decoding, folding or writing rows; after a bounded
 *   number of attempts the runner looks for the events that fail and parks them;
 * - `READ_STORE_UNAVAILABLE`: the read store does not answer, or failed outside any event's rows
 *   (checkpoints, commit); retried with back-off for as long as it takes, nothing is parked;
 * - `EVENT_SOURCE_UNAVAILABLE`: events could not be read (the event store or its file).
 */
export const projectionFailureCodes = ['PROJECTION_BATCH_FAILED', 'READ_STORE_UNAVAILABLE', 'EVENT_SOURCE_UNAVAILABLE'] as const;
export type ProjectionFailureCode = (typeof projectionFailureCodes)[number];

export interface ProjectionFailure {
  readonly code: ProjectionFailureCode;
  /** The projection whose batch failed, when one did. */
  readonly projection: ProjectionName | null;
  /** The lowest checkpoint: the batch that fails holds the events after it. */
  readonly afterPosition: bigint;
  /** Failed attempts in a row. */
  readonly attempts: number;
  /** When the first of those attempts failed (ISO 8601). */
  readonly since: string;
}

/** Reading events failed: the event store (or its file) is the cause, not the read store. */
export class EventSourceError extends Error {
  override readonly name = 'EventSourceError';
  constructor(override readonly cause: unknown) {
    super(`reading events failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function failureCodeOf(error: unknown): ProjectionFailureCode {
  if (error instanceof EventSourceError) return 'EVENT_SOURCE_UNAVAILABLE';
  if (error instanceof BatchApplyError) return 'PROJECTION_BATCH_FAILED';
  if (error instanceof ReadStoreUnavailableError) return 'READ_STORE_UNAVAILABLE';
  // Everything else the runner does talks to the read store: checkpoints, transactions, commits.
  return 'READ_STORE_UNAVAILABLE';
}

export function failureProjectionOf(error: unknown): ProjectionName | null {
  return error instanceof BatchApplyError ? (error.projection ?? null) : null;
}
