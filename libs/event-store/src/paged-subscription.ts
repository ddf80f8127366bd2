import type { RecordedEvent, Subscription, SubscriptionMessage } from './event-store.port';
import type { ValidatedFilter } from './port-validation';

export interface SubscriptionPage {
  readonly events: readonly RecordedEvent[];
  /** Every matching event up to this position has been read (the last event's, or the head scanned to). */
  readonly readThrough: bigint;
  /** True when the page reached the head: nothing more is stored after `readThrough` right now. */
  readonly reachedHead: boolean;
}

/** What a paged subscription needs from the store that owns it. */
export interface PagedSubscriptionSource {
  readPage(afterPosition: bigint, filter: ValidatedFilter): SubscriptionPage;
  /** The highest position the store has seen committed (by this process or, through polling, another). */
  knownHeadPosition(): bigint;
  unregister(subscription: PagedSubscription): void;
}

/**
 * A catch-up subscription for a store that reads its own log (the embedded file, the in-memory
 * test double): it reads the next page only when the consumer has taken the previous one, so a
 * slow consumer costs at most one page of memory and never an unbounded buffer; it turns live
 * after one `caught-up` and then waits to be woken by the store.
 */
export class PagedSubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | undefined = undefined;
  private readonly messages: AsyncGenerator<SubscriptionMessage, void, undefined>;

  constructor(
    private readonly source: PagedSubscriptionSource,
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

  /** Called by the store when the head may have moved, and on close. */
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
        // A page that moved nothing while the head says there is more (a store closing, a read
        // that cannot see a commit yet) must not be asked for again at once: that loop would
        // never yield to the event loop. It waits to be woken instead.
        const progressed = page.events.length > 0 || page.readThrough > readThrough;
        readThrough = page.readThrough;
        if (!page.reachedHead && progressed) continue;
        if (!caughtUp && page.reachedHead) {
          caughtUp = true;
          yield { kind: 'caught-up', position: readThrough };
          continue;
        }
        await (progressed ? this.headMovedPast(readThrough) : this.nextWake());
      }
    } finally {
      // Also reached when the consumer leaves with `break`: the store must forget the subscription.
      await this.close();
    }
  }

  /**
   * Resolves when the store has seen a commit after `position`, or on close. The check and the
   * registration run in one synchronous step, and commits settle in their own event-loop turn,
   * so no commit can slip between them unnoticed.
   */
  private headMovedPast(position: bigint): Promise<void> {
    if (this.closed || this.source.knownHeadPosition() > position) return Promise.resolve();
    return this.nextWake();
  }

  private nextWake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }
}
