/**
 * The adapter's few primitive operations on an EventStoreDB node, each retried on transient
 * failures within the retry policy's budget and translated into the port's terms: append one
 * stream, read one stream, read a page of `$all`. Everything above (command records, unique-key
 * claims, subscriptions) is built from these.
 *
 * Every call asks for the leader (`requiresLeader`): the ledger reads its own writes (a command
 * is decided on the stream it then appends to), and a follower may lag. A follower answers "not
 * the leader" with the leader's address; the client reconnects there and the retry goes on.
 */
import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, FORWARDS, jsonEvent, START, StreamNotFoundError } from '@eventstore/db-client';
import type { AppendExpectedRevision, EventStoreDBClient, ReadPosition, RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '@ledger/event-store';
import type { ExpectedRevision, JsonObject, RecordedEvent } from '@ledger/event-store';
import { markerOf, withoutMarker } from './command-marker';
import type { CommandMarker } from './command-marker';
import { translateError } from './esdb-errors';
import { withRetry } from './retry';
import type { RetryPolicy } from './retry';

/** An event as the client returns it; only JSON events with an `$all` position are used. */
export type StoredEvent = ClientRecordedEvent;

export interface EventToWrite {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  /** As it is to be stored: the application's metadata, with the command marker on the first event. */
  readonly metadata: JsonObject;
}

export interface RawAppendResult {
  /** The stream's revision after the append (the last appended event's, or the original's on a repeat). */
  readonly nextRevision: bigint;
  /** The last event's commit position; absent when the server found the events already stored. */
  readonly position: bigint | undefined;
  /**
   * True when an earlier attempt of this call failed in a way that leaves its outcome unknown:
   * a repeat answered "already stored" is then this call's own write, not someone else's.
   */
  readonly earlierAttemptMayHaveLanded: boolean;
}

/**
 * Positions at or above this are not positions: servers before 22.10 fill the `$all` position
 * of events read from a single stream with the largest unsigned 64-bit number.
 */
const unknownPositionFloor = 2n ** 63n;

/** What the adapter's bookkeeping counts, for tests and benchmarks that measure its cost. */
export interface EsdbCallCounts {
  appendCalls: number;
  streamReadCalls: number;
  allReadCalls: number;
}

export class EsdbLog {
  readonly counts: EsdbCallCounts = { appendCalls: 0, streamReadCalls: 0, allReadCalls: 0 };

  constructor(
    readonly client: EventStoreDBClient,
    readonly retry: RetryPolicy,
  ) {}

  /**
   * Appends with retries. A retry sends the very same events (same ids) at the same expected
   * revision, which EventStoreDB answers as a repeat when an earlier attempt did land: exactly
   * for an exact revision or `no_stream`, best effort (a cache of recent ids) for `any`.
   */
  async append(streamName: string, events: readonly EventToWrite[], expectedRevision: ExpectedRevision): Promise<RawAppendResult> {
    const eventData = events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }));
    return withRetry(this.retry, async ({ attempt, deadlineMs }) => {
      this.counts.appendCalls++;
      // Only transient failures are retried: any attempt before this one may have landed.
      const earlierAttemptMayHaveLanded = attempt > 1;
      try {
        const result = await this.client.appendToStream(streamName, eventData, {
          expectedRevision: expectedRevision satisfies AppendExpectedRevision,
          requiresLeader: true,
          deadline: deadlineMs,
        });
        return { nextRevision: result.nextExpectedRevision, position: result.position?.commit, earlierAttemptMayHaveLanded };
      } catch (error) {
        throw translateError({ kind: 'append', stream: streamName }, error, expectedRevision);
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

  /** Events of one stream; an empty array when the stream does not exist (or was soft-deleted). */
  async readStream(streamName: string, direction: 'forwards' | 'backwards', from: bigint | 'start' | 'end', maxCount: number): Promise<StoredEvent[]> {
    return withRetry(this.retry, async ({ deadlineMs }) => {
      this.counts.streamReadCalls++;
      const events: StoredEvent[] = [];
      try {
        const read = this.client.readStream(streamName, {
          direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
          fromRevision: from === 'start' ? START : from === 'end' ? END : from,
          maxCount,
          requiresLeader: true,
          deadline: deadlineMs,
        });
        for await (const resolved of read) {
          if (resolved.event !== undefined) events.push(resolved.event);
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw translateError({ kind: 'read', stream: streamName }, error);
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
    return withRetry(this.retry, async ({ deadlineMs }) => {
      this.counts.allReadCalls++;
      const events: StoredEvent[] = [];
      try {
        const read = this.client.readAll({ direction: direction === 'forwards' ? FORWARDS : BACKWARDS, fromPosition, maxCount, requiresLeader: true, deadline: deadlineMs });
        for await (const resolved of read) {
          if (resolved.event !== undefined) events.push(resolved.event);
        }
      } catch (error) {
        throw translateError({ kind: 'read', stream: '$all' }, error);
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

/** The event as the port hands it out: the adapter's command marker removed from its metadata. */
export function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: positionOf(event),
    data: jsonObjectOf(event, 'data', event.data),
    metadata: event.metadata === undefined ? {} : withoutMarker(jsonObjectOf(event, 'metadata', event.metadata)),
    recordedAt: event.created,
  };
}

/** The command marker of a stored event, if it opens an append that named a command or took keys. */
export function storedMarkerOf(event: StoredEvent): CommandMarker | undefined {
  if (!event.isJson || event.metadata === undefined || event.metadata === null || typeof event.metadata !== 'object' || event.metadata instanceof Uint8Array) {
    return undefined;
  }
  return markerOf(event.metadata as JsonObject);
}

export function jsonObjectOf(event: StoredEvent, field: string, value: unknown): JsonObject {
  if (!event.isJson || value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new Error(`event ${event.id} of stream ${event.streamId} has ${field} that is not a JSON object; it was not written by this ledger`);
  }
  return value as JsonObject;
}
