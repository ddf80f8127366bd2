/**
 * A broken invariant: the ledger's own code is wrong, not the client's input. It is never mapped to
 * a refusal or retried; whoever catches one stops the process (`stopOnInvariantViolation`), so
 * that a bug cannot go on writing money.
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/**
 * Rethrows an invariant violation outside every promise chain, so Node stops the process with
 * the error; any other error is returned for the caller to handle as usual.
 */
export function stopOnInvariantViolation(error: unknown): unknown {
  if (error instanceof InvariantViolation) {
    setImmediate(() => {
      throw error;
    });
  }
  return error;
}
