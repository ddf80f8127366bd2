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
