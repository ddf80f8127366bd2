import type { ExpectedRevision } from './event-store.port';

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
  override readonly name = 'InvalidAppendError';
}
