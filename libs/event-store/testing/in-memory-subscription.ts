/**
 * TEST DOUBLE. The catch-up subscription of `InMemoryEventStore`; see that file for what the
 * double is for and what it is not.
 */
import type { RecordedEvent, Subscription, SubscriptionMessage, ValidatedFilter } from '../src';

export interface InMemorySubscriptionPage {
  readonly events: readonly RecordedEvent[];
  /** Every matching event up to this position has been read (the last event's, or the head scanned to). */
  readonly readThrough: bigint;
  /** True when the page reached the head: nothing more is stored after `readThrough` at this moment. */
  readonly reachedHead: boolean;
}

/** What a subscription needs from the store that owns it. */
export interface InMemorySubscriptionSource {
  readPage(afterPosition: bigint, filter: ValidatedFilter): InMemorySubscriptionPage;
  headPosition(): bigint;
  unregister(subscription: InMemorySubscription): void;
}

/**
 * Pulls one page at a time, only when the consumer has taken the previous one, as the real
 * adapters do: a test that reads slowly sees the same order and the same single `caught-up` as
 * one that reads fast, and the double never copies the whole log for a subscriber.
 */
export class InMemorySubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | undefined = undefined;
  private readonly messages: AsyncGenerator<SubscriptionMessage, void, undefined>;

  constructor(
    private readonly source: InMemorySubscriptionSource,
    afterPosition: bigint,
    filter: ValidatedFilter,
  ) {
    this.messages = this.deliver(afterPosition, filter);
  }

  /** One iterator per subscription: iterating twice continues the same sequence. */
  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.messages;
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.source.unregister(this);
      this.wakeUp();
    }
    return Promise.resolve();
  }

  /** Called by the store after every append, and on close. */
  wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async *deliver(afterPosition: bigint, filter: ValidatedFilter): AsyncGenerator<SubscriptionMessage, void, undefined> {
    let readThrough = afterPosition;
    let caughtUp = false;
    try {
      while (!this.closed) {
        const page = this.source.readPage(readThrough, filter);
        for (const event of page.events) {
          yield { kind: 'event', event };
          if (this.closed) return;
        }
        readThrough = page.readThrough;
        if (!page.reachedHead) continue;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up', position: readThrough };
          continue;
        }
        await this.headMovedPast(readThrough);
      }
    } finally {
      // Also reached when the consumer leaves with `break`: the store must forget the subscription.
      await this.close();
    }
  }

  /**
   * Resolves when the store holds an event after `position`, or on close. The check and the
   * registration happen in one synchronous step and appends are synchronous too, so no append
   * can slip between them unnoticed.
   */
  private headMovedPast(position: bigint): Promise<void> {
    if (this.closed || this.source.headPosition() > position) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }
}
