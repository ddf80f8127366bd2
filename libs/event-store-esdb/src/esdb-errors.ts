/**
 * The client's errors in the port's terms, each with a message that says what happened and what
 * to do. The 6.x client knows the errors of the servers it was written for; KurrentDB 25 added
 * a maximum event size that reaches it as an unknown error, recognised here by its wording.
 */
import { AccessDeniedError, MaxAppendSizeExceededError, StreamDeletedError as ClientStreamDeletedError, WrongExpectedVersionError } from '@eventstore/db-client';
import { AppendTooLargeError, EventStoreAccessError, StreamDeletedError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { ExpectedRevision } from '@ledger/event-store';

/** gRPC's codes the adapter reads off raw errors (fixed by the gRPC specification). */
const grpcStatus = { resourceExhausted: 8, unauthenticated: 16 } as const;

/** What the adapter was doing, for the message: `read stream account-1`, `append to stream account-1`, `read $all`. */
export type Operation = { readonly kind: 'read' | 'append'; readonly stream: string };

export function describeOperation(operation: Operation): string {
  if (operation.stream === '$all') return `${operation.kind} $all`;
  return operation.kind === 'read' ? `read stream ${operation.stream}` : `append to stream ${operation.stream}`;
}

/** An error the client threw, turned into the port's error where there is one; anything else as it was. */
export function translateError(operation: Operation, error: unknown, expectedRevision?: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError && operation.kind === 'append' && expectedRevision !== undefined) {
    // 'no_stream', or -1 from servers that report a missing stream as a revision.
    const actual = error.actualVersion;
    return new WrongExpectedRevisionError(operation.stream, expectedRevision, typeof actual === 'bigint' && actual >= 0n ? actual : undefined);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLargeError(
      operation.stream,
      'append',
      error.maxAppendSize,
      undefined,
      `the append is larger than the server's maximum append size (${String(error.maxAppendSize)} bytes, MaxAppendSize); split it`,
    );
  }
  const eventTooLarge = eventSizeExceeded(error);
  if (eventTooLarge !== undefined) {
    return new AppendTooLargeError(
      operation.stream,
      'event',
      eventTooLarge.limitBytes,
      eventTooLarge.eventId,
      `an event${eventTooLarge.eventId === undefined ? '' : ` (${eventTooLarge.eventId})`} is larger than the server's maximum event size${
        eventTooLarge.limitBytes === undefined ? '' : ` (${eventTooLarge.limitBytes} bytes)`
      } (MaxAppendEventSize, KurrentDB 25 and later); make it smaller`,
    );
  }
  if (codeOf(error) === grpcStatus.resourceExhausted) {
    return new AppendTooLargeError(
      operation.stream,
      'message',
      undefined,
      undefined,
      `a message of the ${operation.kind} is larger than the gRPC limit of the server or the client (${detailsOf(error)}); make the events smaller`,
    );
  }
  if (error instanceof ClientStreamDeletedError) {
    return new StreamDeletedError(
      operation.stream,
      'EventStoreDB reports the stream deleted (a tombstone): it can be neither read nor appended to. The ledger never deletes events; restore it from a backup or an export',
    );
  }
  if (error instanceof AccessDeniedError) return accessError(operation, error);
  return error;
}

function accessError(operation: Operation, error: AccessDeniedError): EventStoreAccessError {
  const raw = (error as unknown as { _raw?: { code?: unknown } })._raw;
  if (raw?.code === grpcStatus.unauthenticated) {
    return new EventStoreAccessError(
      'not-authenticated',
      `EventStoreDB refused the credentials while trying to ${describeOperation(operation)}: the user in the connection string does not exist or its password is wrong`,
    );
  }
  const what =
    operation.stream === '$all'
      ? 'read $all, which readAll, subscribeToAll, countEventsAfter and headPosition need: give its user (or a group it is in) the read role on $all'
      : `${describeOperation(operation)}: give its user (or a group it is in) ${operation.kind === 'read' ? 'read' : 'write'} rights on the application's streams`;
  return new EventStoreAccessError('access-denied', `EventStoreDB denied the ledger's user the right to ${what} (see "Credentials and rights" in docs/event-store-eventstoredb.md)`);
}

/**
 * KurrentDB 25's "event too large": over `Streams.Append` an error whose metadata names it, over
 * `Streams.BatchAppend` an error detail the 6.x client does not know and reports as
 * "Could not recognize MaximumAppendEventSizeExceeded".
 */
function eventSizeExceeded(error: unknown): { readonly limitBytes: number | undefined; readonly eventId: string | undefined } | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && /MaximumAppendEventSizeExceeded|Maximum Append Event Size/i.test(message)) {
    return { limitBytes: numberIn(message, /Maximum Append Event Size of ([0-9]+)/i), eventId: textIn(message, /Event with Id: ([0-9a-f-]{36})/i) };
  }
  const metadata = metadataOf(error);
  if (metadata?.exception === 'maximum-append-event-size-exceeded') {
    const limit = Number(metadata['maximum-append-event-size']);
    return { limitBytes: Number.isFinite(limit) ? limit : undefined, eventId: metadata['event-id'] };
  }
  return undefined;
}

function metadataOf(error: object): Record<string, string> | undefined {
  const raw = (error as { _raw?: unknown })._raw ?? error;
  const metadata = (raw as { metadata?: { getMap?: () => Record<string, unknown> } }).metadata;
  if (metadata === undefined || typeof metadata.getMap !== 'function') return undefined;
  const map = metadata.getMap();
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, String(value)]));
}

function codeOf(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return undefined;
  return (error as { code?: unknown }).code ?? (error as { _raw?: { code?: unknown } })._raw?.code;
}

function detailsOf(error: unknown): string {
  if (error === null || typeof error !== 'object') return String(error);
  const { details, message } = error as { details?: unknown; message?: unknown };
  return typeof details === 'string' ? details : typeof message === 'string' ? message : String(error);
}

function numberIn(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match === null ? undefined : Number(match[1]);
}

function textIn(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1];
}
