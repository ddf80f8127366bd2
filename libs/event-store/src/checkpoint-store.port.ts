/**
 * An event a subscriber could not process and set aside so that the events after it go on: a
 * transfer's credit that cannot be applied, say. It stays here, with the reason, until an
 * operator (or an automatic retry) processes it.
 */
export interface ParkedEvent {
  /** What the subscriber parked, unique per subscriber: for the process manager, the transfer id. */
  readonly key: string;
  /** Global position of the event that was parked. */
  readonly position: bigint;
  /** A stable code for the cause, e.g. `CREDIT_REFUSED`. */
  readonly code: string;
  /** The cause in words, for an operator. */
  readonly reason: string;
  /** How many times processing it was tried. */
  readonly attempts: number;
  /** When it was first parked and when it was last tried (ISO instants). */
  readonly parkedAt: string;
  readonly lastAttemptAt: string;
}

/** Parked events listed at once, at most. */
export const parkedListCountMax = 1_000;

/** The number of parked events a list asks for: omitted, the most; above the most, clamped; else a positive integer. */
export function parkedListLimit(limit: number | undefined): number {
  if (limit === undefined) return parkedListCountMax;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  return Math.min(limit, parkedListCountMax);
}

/**
 * Where subscribers keep the position of the last event they fully processed, and the events they
 * parked on the way. A subscriber parks an event before its checkpoint moves past it, so a parked
 * event is never forgotten; losing this store only means re-reading the events, which re-parks them.
 */
export interface CheckpointStore {
  load(subscriberName: string): Promise<bigint | undefined>;
  save(subscriberName: string, position: bigint): Promise<void>;
  /** Records a parked event, or updates it (same key): durable when it returns. */
  park(subscriberName: string, parked: ParkedEvent): Promise<void>;
  /** Removes a parked event once processed; false when there was none with that key. */
  unpark(subscriberName: string, key: string): Promise<boolean>;
  /** Parked events in position order, at most `limit` (≤ `parkedListCountMax`) after `afterPosition`. */
  listParked(subscriberName: string, options?: { readonly afterPosition?: bigint; readonly limit?: number }): Promise<ParkedEvent[]>;
  findParked(subscriberName: string, key: string): Promise<ParkedEvent | undefined>;
  countParked(subscriberName: string): Promise<number>;
  close(): Promise<void>;
}

export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
