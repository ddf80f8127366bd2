import { readCountMax, type EventStore, type JsonObject } from '@ledger/event-store';

/**
 * What a projection needs of a stored event. `RecordedEvent` from the event store port has this
 * shape (and more), so live subscription messages are used as they come.
 */
export interface ProjectionEvent {
  readonly position: bigint;
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
  /**
   * Set by a source that found the stored content unreadable (data or metadata that is not JSON):
   * the event is handed on with empty content, and the projections park it as `EVENT_UNREADABLE`
   * instead of the read failing for ever.
   */
  readonly unreadable?: true;
}

/**
 * Where catch-up and rebuilds read events from, a page at a time. The default reads through the
 * event store port (`readAll`); an adapter may offer a faster bulk read of the same events.
 */
export interface ProjectionEventSource {
  /** Up to `maxCount` events with a position greater than `afterPosition`, in order. */
  readAfter(afterPosition: bigint, maxCount: number): Promise<readonly ProjectionEvent[]>;
  /** The position of the last event stored, or -1n when there is none. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/** Reads through the event store port; works with every adapter. */
export class EventStoreEventSource implements ProjectionEventSource {
  constructor(private readonly store: EventStore) {}

  /**
   * Reads from `afterPosition` itself and drops the event there: a read must start at a position
   * the store gave out (on EventStoreDB positions are log offsets; `position + 1` is not one).
   */
  async readAfter(afterPosition: bigint, maxCount: number): Promise<readonly ProjectionEvent[]> {
    if (afterPosition < 0n) return this.store.readAll({ maxCount });
    const page = await this.store.readAll({ fromPosition: afterPosition, maxCount: Math.min(maxCount + 1, readCountMax) });
    const events = page[0]?.position === afterPosition ? page.slice(1) : page;
    return events.slice(0, maxCount);
  }

  headPosition(): Promise<bigint> {
    return this.store.headPosition();
  }

  /** The store belongs to its owner, who closes it. */
  async close(): Promise<void> {}
}
