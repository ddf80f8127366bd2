/**
 * The adapter's few primitive operations on an EventStoreDB node, each retried on transient
 * failures and translated into the port's terms: append one stream, read one stream, read a
 * page of `$all`. Everything above (command records, event id claims, subscriptions) is built
 * from these.
 */
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { AppendExpectedRevision, EventStoreDBClient, ReadPosition, RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import { InvalidAppendError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { ExpectedRevision, JsonObject, RecordedEvent } from '@ledger/event-store';
import { withRetry } from './retry';
import type { RetryPolicy } from './retry';

/** An event as the client returns it; only JSON events with an `$all` position are used. */
export type StoredEvent = ClientRecordedEvent;

export interface EventToWrite {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface RawAppendResult {
  /** The stream's revision after the append (the last appended event's, or the original's on a repeat). */
  readonly nextRevision: bigint;
  /** The last event's commit position; absent when the server found the events already stored. */
  readonly position: bigint | undefined;
}

/**
 * Positions at or above this are not positions: servers before 22.10 fill the `$all` position
 * of events read from a single stream with the largest unsigned 64-bit number.
 */
const unknownPositionFloor = 2n ** 63n;

export class EsdbLog {
  constructor(
    readonly client: EventStoreDBClient,
    readonly retry: RetryPolicy,
  ) {}

  /**
   * Appends with retries. A retry sends the very same events (same ids) at the same expected
   * revision, which EventStoreDB answers as a repeat when the first attempt did land; that
   * duplicate detection is best effort for `any`, which is why command records exist.
   */
  async append(streamName: string, events: readonly EventToWrite[], expectedRevision: ExpectedRevision): Promise<RawAppendResult> {
    const eventData = events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }));
    return withRetry(this.retry, async () => {
      try {
        const result = await this.client.appendToStream(streamName, eventData, { expectedRevision: expectedRevision satisfies AppendExpectedRevision });
        return { nextRevision: result.nextExpectedRevision, position: result.position?.commit };
      } catch (error) {
        throw translateAppendError(streamName, expectedRevision, error);
      }
    });
  }

  /**
   * Appends one bookkeeping event at an expected revision; returns the stream's new revision,
   * or `undefined` when another writer got there first. The event id is chosen once, so the
   * retries of this call are recognised as repeats.
   */
  async appendIfAt(streamName: string, type: string, data: JsonObject, expectedRevision: ExpectedRevision): Promise<bigint | undefined> {
    try {
      const result = await this.append(streamName, [{ id: randomUUID(), type, data, metadata: {} }], expectedRevision);
      return result.nextRevision;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
  }

  /** Events of one stream; an empty array when the stream does not exist. */
  async readStream(streamName: string, direction: 'forwards' | 'backwards', from: bigint | 'start' | 'end', maxCount: number): Promise<StoredEvent[]> {
    return withRetry(this.retry, async () => {
      const events: StoredEvent[] = [];
      try {
        const read = this.client.readStream(streamName, {
          direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
          fromRevision: from === 'start' ? START : from === 'end' ? END : from,
          maxCount,
        });
        for await (const resolved of read) {
          if (resolved.event !== undefined) events.push(resolved.event);
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return events;
    });
  }

  /** The last event of a stream, if it has any. */
  async lastEvent(streamName: string): Promise<StoredEvent | undefined> {
    const [last] = await this.readStream(streamName, 'backwards', 'end', 1);
    return last;
  }

  /**
   * One page of `$all`, system and bookkeeping records included. Forwards, `from` is
   * inclusive; backwards, the page starts before it.
   */
  async readAllPage(direction: 'forwards' | 'backwards', from: bigint | 'start' | 'end', maxCount: number): Promise<StoredEvent[]> {
    const fromPosition: ReadPosition = from === 'start' ? START : from === 'end' ? END : { commit: from, prepare: from };
    return withRetry(this.retry, async () => {
      const events: StoredEvent[] = [];
      const read = this.client.readAll({ direction: direction === 'forwards' ? FORWARDS : BACKWARDS, fromPosition, maxCount });
      for await (const resolved of read) {
        if (resolved.event !== undefined) events.push(resolved.event);
      }
      return events;
    });
  }
}

/** The `$all` commit position of a stored event (commit and prepare are equal without explicit transactions). */
export function positionOf(event: StoredEvent): bigint {
  const position = event.position?.commit;
  if (position === undefined || position < 0n || position >= unknownPositionFloor) {
    throw new Error(
      `event ${event.id} of stream ${event.streamId} came without its $all position: the EventStoreDB adapter needs a server of version 22.10 or later, which reports positions on stream reads`,
    );
  }
  return position;
}

export function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: positionOf(event),
    data: jsonObjectOf(event, 'data', event.data),
    metadata: event.metadata === undefined ? {} : jsonObjectOf(event, 'metadata', event.metadata),
    recordedAt: event.created,
  };
}

export function jsonObjectOf(event: StoredEvent, field: string, value: unknown): JsonObject {
  if (!event.isJson || value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new Error(`event ${event.id} of stream ${event.streamId} has ${field} that is not a JSON object; it was not written by this ledger`);
  }
  return value as JsonObject;
}

function translateAppendError(streamName: string, expectedRevision: ExpectedRevision, error: unknown): unknown {
  if (error instanceof WrongExpectedVersionError) {
    // 'no_stream', or -1 from servers that report a missing stream as a revision.
    const actual = error.actualVersion;
    return new WrongExpectedRevisionError(streamName, expectedRevision, typeof actual === 'bigint' && actual >= 0n ? actual : undefined);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidAppendError(
      `stream ${streamName}: the append is larger than the server's maximum append size (${String(error.maxAppendSize)} bytes); split it`,
    );
  }
  return error;
}
