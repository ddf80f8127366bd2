import type { Refusal } from '@ledger/domain';

/** A business rule refused the command; nothing was written. */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** The stream kept changing under the command; nothing was written and the client may retry. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`stream ${streamId} changed concurrently ${attempts} times; nothing was written`);
  }
}

/** The client named a revision (`If-Match`) that is not the stream's current one. */
export class StaleRevisionError extends Error {
  override readonly name = 'StaleRevisionError';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: bigint,
    readonly actualRevision: bigint | undefined,
  ) {
    super(`stream ${streamId} is at revision ${actualRevision === undefined ? 'none' : actualRevision.toString()}, not ${expectedRevision.toString()}`);
  }
}

/** A requested resource does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
