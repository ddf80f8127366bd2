/** The read models did not reach the position a query asked for within the wait limit; nothing stale was returned. */
export class ReadModelBehindError extends Error {
  override readonly name = 'ReadModelBehindError';
  constructor(
    readonly minPosition: bigint,
    readonly position: bigint,
    readonly waitedMs: number,
  ) {
    super(`the read models reflect position ${position.toString()}, not yet ${minPosition.toString()}; retry shortly`);
  }
}

/** A query asked to wait for a position after the last event the store holds: it would wait in vain. */
export class PositionBeyondHeadError extends Error {
  override readonly name = 'PositionBeyondHeadError';
  constructor(
    readonly minPosition: bigint,
    readonly headPosition: bigint,
  ) {
    super(`position ${minPosition.toString()} is after the last event the ledger holds (${headPosition.toString()}); pass a position a command answered`);
  }
}
