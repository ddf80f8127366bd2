import { PagedSubscription, validateSubscribe } from '@ledger/event-store';
import type { PagedSubscriptionSource, SubscribeOptions, Subscription, SubscriptionPage, ValidatedFilter } from '@ledger/event-store';
import type { SqliteReads } from './sqlite-reads';

/**
 * Live delivery: the store's subscriptions, the highest head the store has seen, and the poll
 * that notices commits made by other processes. A subscription reads its pages itself; this
 * wakes it when the head moves past what it has read.
 */
export class SqliteLiveDelivery implements PagedSubscriptionSource {
  private readonly subscriptions = new Set<PagedSubscription>();
  private pollTimer: NodeJS.Timeout | undefined = undefined;
  private headPositionSeen: bigint;

  constructor(
    private readonly reads: SqliteReads,
    private readonly pollIntervalMs: number,
    /**
     * The store's own flag, set the moment it starts closing: from then on pages are empty and
     * the poll reads nothing, while the last commits are still being waited for.
     */
    private readonly isStoreClosed: () => boolean,
  ) {
    this.headPositionSeen = reads.headPosition();
  }

  /** Validates the options synchronously (the contract has `subscribeToAll` throw). */
  subscribe(options: SubscribeOptions): Subscription {
    const { afterPosition, filter } = validateSubscribe(options);
    const subscription = new PagedSubscription(this, afterPosition, filter);
    this.subscriptions.add(subscription);
    this.startPolling();
    return subscription;
  }

  /** The head as the file has it now; a read that finds it higher wakes the subscriptions. */
  readHeadPosition(): bigint {
    const head = this.reads.headPosition();
    this.observeHead(head);
    return head;
  }

  /**
   * Every sighting of a higher head, whoever made the commit and whichever read noticed it,
   * wakes the subscriptions. Were a read to note the head silently, the poll would later find
   * nothing new and sleeping subscriptions would miss another process's events.
   */
  observeHead(head: bigint): void {
    if (head <= this.headPositionSeen) return;
    this.headPositionSeen = head;
    this.wakeSubscriptions();
  }

  /** Ends every subscription and stops the poll. */
  async close(): Promise<void> {
    for (const subscription of [...this.subscriptions]) await subscription.close();
    this.stopPolling();
  }

  // PagedSubscriptionSource, for its subscriptions only.

  readPage(afterPosition: bigint, filter: ValidatedFilter): SubscriptionPage {
    if (this.isStoreClosed()) return { events: [], readThrough: afterPosition, reachedHead: true };
    // The head is read first and bounds the page (see `SqliteReads.subscriptionPage`).
    return this.reads.subscriptionPage(afterPosition, this.readHeadPosition(), filter);
  }

  knownHeadPosition(): bigint {
    return this.headPositionSeen;
  }

  unregister(subscription: PagedSubscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size === 0) this.stopPolling();
  }

  private wakeSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.wakeUp();
  }

  /**
   * In-process commits wake subscriptions directly; the poll is for commits by other processes
   * (or other store instances) on the same file, which this instance cannot hear about.
   */
  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    this.pollTimer = setInterval(() => this.poll(), this.pollIntervalMs);
  }

  private stopPolling(): void {
    if (this.pollTimer === undefined) return;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private poll(): void {
    if (this.isStoreClosed()) return;
    try {
      this.readHeadPosition();
    } catch {
      // Woken subscriptions read the page themselves and so hand the error to their consumers,
      // rather than it being lost in a timer.
      this.wakeSubscriptions();
    }
  }
}
