import type { ExpectedRevision, UniqueKeyHolder } from './event-store.port';

/** The stream was not at the revision the writer expected: nothing was appended. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    /** The stream's actual revision, or `undefined` when the stream does not exist. */
    readonly actualRevision: bigint | undefined,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expectedRevision)}, actual ${actualRevision === undefined ? 'no stream' : String(actualRevision)}`,
    );
  }
}

/** The command id was already used for a command with different content: nothing was appended. */
export class CommandIdConflictError extends Error {
  override readonly name = 'CommandIdConflictError';
  constructor(readonly commandId: string) {
    super(`command id ${commandId} was already used for a different command`);
  }
}

/** The caller broke the port's contract (empty stream id, too many events, bad id...): nothing was appended. */
export class InvalidAppendError extends Error {
  override readonly name: string = 'InvalidAppendError';
}

/**
 * The append is larger than the store accepts: the whole append (`append`), one event in it
 * (`event`), or one message of the wire protocol (`message`). Nothing was appended. It is an
 * `InvalidAppendError`, so code that parks invalid appends parks these too.
 */
export class AppendTooLargeError extends InvalidAppendError {
  override readonly name = 'AppendTooLargeError';
  constructor(
    readonly streamId: string,
    readonly limit: 'append' | 'event' | 'message',
    /** The store's limit in bytes, when it said. */
    readonly limitBytes: number | undefined,
    /** The event over the limit, for `event`, when known. */
    readonly eventId: string | undefined,
    detail: string,
  ) {
    super(`stream ${streamId}: ${detail}`);
  }
}

/** A unique key of the append was taken by an earlier append: nothing was appended. */
export class UniqueKeyTakenError extends Error {
  override readonly name = 'UniqueKeyTakenError';
  constructor(
    readonly key: string,
    readonly holder: UniqueKeyHolder,
  ) {
    super(
      `unique key ${JSON.stringify(key)} is taken by the append of event ${holder.eventId} to stream ${holder.streamId}${holder.commandId === null ? '' : ` (command ${holder.commandId})`}`,
    );
  }
}

/**
 * The stream was deleted outside the ledger (on EventStoreDB: tombstoned, soft-deleted, or
 * truncated so that events the ledger wrote are gone). The ledger never deletes events, so
 * this needs an operator: reads and appends of the stream fail with it, and nothing is appended.
 */
export class StreamDeletedError extends Error {
  override readonly name = 'StreamDeletedError';
  constructor(
    readonly streamId: string,
    detail: string,
  ) {
    super(`stream ${streamId}: ${detail}`);
  }
}

/**
 * The store refused the caller's identity: credentials missing or wrong (`not-authenticated`),
 * or the user may not do what the ledger needs (`access-denied`). Not retried: only an operator
 * can fix it. The message names what is missing.
 */
export class EventStoreAccessError extends Error {
  override readonly name = 'EventStoreAccessError';
  constructor(
    readonly kind: 'not-authenticated' | 'access-denied',
    message: string,
  ) {
    super(message);
  }
}
