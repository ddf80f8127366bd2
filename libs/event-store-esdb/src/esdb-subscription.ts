/**
 * A catch-up subscription to `$all` over EventStoreDB's own subscription, with what the port
 * adds: an exclusive start position as one number, one `caught-up` message in its place in the
 * sequence, client-side checks the server's filters cannot express, a bounded buffer, and
 * reconnection after a lost connection or a leader change that resumes after the last event
 * handled, so nothing is delivered twice or skipped. (With a sparse server-side filter, that
 * event may be far back: the server scans the records after it again, but sends only matches.)
 */
import { eventTypeFilter, START, streamNameFilter } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, Filter, Position } from '@eventstore/db-client';
import type { Subscription, SubscriptionMessage, ValidatedFilter } from '@ledger/event-store';
import { applicationStreamsRegex, isApplicationRecord } from './bookkeeping-streams';
import { positionOf, toRecordedEvent } from './esdb-log';
import type { EsdbLog, StoredEvent } from './esdb-log';
import { isTransientFailure, retryDelayMs } from './retry';
import type { RetryPolicy } from './retry';

/**
 * Messages held for a consumer that has not taken them yet. Past it, the subscription stops
 * reading from the server (gRPC flow control then holds the server back) until the consumer
 * has taken half of them.
 */
export const subscriptionBufferMessageCountMax = 1_000;

/** What a subscription needs from the store that owns it. */
export interface SubscriptionHost {
  readonly log: EsdbLog;
  readonly reconnectPolicy: RetryPolicy;
  /** The last application event's position: the subscription is caught up once it has read that far. */
  headPosition(): Promise<bigint>;
  unregister(subscription: EsdbSubscription): void;
}

interface Connection {
  readonly source: AllStreamSubscription;
  /** Events the source has handed over since it was opened. */
  received: number;
  /**
   * Control messages (caught up, checkpoint) waiting for the events the source had buffered
   * before them: each runs once `received` reaches its `afterReceived`.
   */
  readonly pending: Array<{ readonly afterReceived: number; readonly run: () => void }>;
}

interface Waiter {
  readonly resolve: (result: IteratorResult<SubscriptionMessage>) => void;
  readonly reject: (error: unknown) => void;
}

export class EsdbSubscription implements Subscription {
  private readonly queue: SubscriptionMessage[] = [];
  private waiter: Waiter | undefined = undefined;
  private failure: { readonly error: unknown } | undefined = undefined;
  private closed = false;
  private connection: Connection | undefined = undefined;
  private reconnectTimer: NodeJS.Timeout | undefined = undefined;
  private failedConnects = 0;
  private paused = false;
  /**
   * Every event up to this position has been handed to the queue or passed over: a reconnect
   * resumes after it. It is always an event's position (or the caller's `afterPosition`), never a
   * checkpoint's: a server may report as checkpoint the position where its next read starts, and
   * a position that is not an event's is not a safe place to start reading the log from.
   */
  private readThrough: bigint;
  /**
   * The last checkpoint the server sent: every record up to and including it has been
   * considered by its filter (a checkpoint is the position of the last record it looked at,
   * or, on servers before 25.0, sometimes the end of the log, which is past every record). Used
   * only to notice catching up, never as a place to resume from.
   */
  private checkpoint: bigint;
  private caughtUp = false;
  private headAtStart: bigint | undefined = undefined;

  constructor(
    private readonly host: SubscriptionHost,
    private readonly afterPosition: bigint,
    private readonly filter: ValidatedFilter,
  ) {
    this.readThrough = afterPosition;
    this.checkpoint = afterPosition;
    void this.start();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.host.unregister(this);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve({ done: true, value: undefined });
    await this.dropConnection();
  }

  private next(): Promise<IteratorResult<SubscriptionMessage>> {
    const message = this.queue.shift();
    if (message !== undefined) {
      if (this.paused && this.queue.length <= subscriptionBufferMessageCountMax / 2) {
        this.paused = false;
        this.connection?.source.resume();
      }
      return Promise.resolve({ done: false, value: message });
    }
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    if (this.failure !== undefined) {
      const { error } = this.failure;
      void this.close();
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private async start(): Promise<void> {
    try {
      const head = await this.host.headPosition();
      if (this.closed) return;
      this.headAtStart = head;
      // Nothing stored after the start: caught up before the first event.
      if (head <= this.afterPosition) this.markCaughtUp();
      this.connect();
    } catch (error) {
      this.fail(error);
    }
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.closed) return;
    const resumeAfter = this.readThrough;
    let connection: Connection | undefined;
    const source = this.host.log.client.subscribeToAll({
      fromPosition: resumeAfter < 0n ? START : { commit: resumeAfter, prepare: resumeAfter },
      filter: this.serverFilter((_subscription, position) => {
        if (connection !== undefined) this.inOrder(connection, () => this.onCheckpoint(position));
      }),
    });
    connection = { source, received: 0, pending: [] };
    this.connection = connection;
    const current = connection;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.onData(current, resolved));
    source.on('caughtUp', () => this.inOrder(current, () => this.markCaughtUp()));
    source.on('confirmation', () => {
      if (this.connection === current) this.failedConnects = 0;
    });
    source.on('error', (error: Error) => this.onLost(current, error));
    source.on('end', () => this.onLost(current, new SubscriptionEndedByServerError()));
    if (this.paused) source.pause();
  }

  /**
   * The server's filter narrows what is sent; the client-side check in `onData` makes it exact.
   * EventStoreDB filters on stream names or on event types, not both, and by prefix or regular
   * expression: types are sent as prefixes (then matched exactly here), and with no filter the
   * server is asked for application streams only, so bookkeeping and system records stay there.
   */
  private serverFilter(checkpointReached: (subscription: AllStreamSubscription, position: Position) => void): Filter {
    const { eventTypes, streamPrefixes } = this.filter;
    if (streamPrefixes !== undefined) return streamNameFilter({ prefixes: [...streamPrefixes], checkpointReached });
    if (eventTypes !== undefined) return eventTypeFilter({ prefixes: [...eventTypes], checkpointReached });
    return streamNameFilter({ regex: applicationStreamsRegex, checkpointReached });
  }

  /**
   * The client emits `caughtUp` and calls `checkpointReached` when the server's message passes
   * through, while events before it may still wait in the client's buffer. Counting what the
   * source has handed over and what it still holds puts each such message back in its place.
   */
  private inOrder(connection: Connection, run: () => void): void {
    if (this.connection !== connection || this.closed) return;
    const afterReceived = connection.received + connection.source.readableLength;
    if (afterReceived <= connection.received) run();
    else connection.pending.push({ afterReceived, run });
  }

  private onData(connection: Connection, resolved: AllStreamResolvedEvent): void {
    if (this.connection !== connection || this.closed) return;
    connection.received++;
    try {
      if (resolved.event !== undefined) this.onEvent(resolved.event);
    } catch (error) {
      this.fail(error);
      return;
    }
    while (connection.pending.length > 0 && connection.pending[0].afterReceived <= connection.received) {
      (connection.pending.shift() as { run: () => void }).run();
    }
  }

  private onEvent(stored: StoredEvent): void {
    const position = positionOf(stored);
    // A reconnect resumes after `readThrough`; this guard only protects against a server that
    // treats the start position as inclusive.
    if (position <= this.readThrough) return;
    this.readThrough = position;
    if (this.matches(stored)) this.enqueue({ kind: 'event', event: toRecordedEvent(stored) });
    this.checkCaughtUpByHead();
  }

  private onCheckpoint(position: Position): void {
    if (position.commit > this.checkpoint) this.checkpoint = position.commit;
    this.checkCaughtUpByHead();
  }

  private matches(stored: StoredEvent): boolean {
    if (!isApplicationRecord(stored.streamId, stored.type)) return false;
    const { eventTypes, streamPrefixes } = this.filter;
    if (eventTypes !== undefined && !eventTypes.includes(stored.type)) return false;
    if (streamPrefixes !== undefined && !streamPrefixes.some((prefix) => stored.streamId.startsWith(prefix))) return false;
    return true;
  }

  /**
   * For servers older than 23.10, which send no caught-up message: the subscription has caught
   * up once it has read, or the server's filter has passed over, the last application event
   * stored when it started. A filtered subscription learns the second from checkpoints alone,
   * which is all it gets when nothing after its last match passes the filter and no other record
   * follows (the `$by_event_type` links of a server with projections on would).
   */
  private checkCaughtUpByHead(): void {
    if (this.caughtUp || this.headAtStart === undefined) return;
    if (this.readThrough >= this.headAtStart || this.checkpoint >= this.headAtStart) this.markCaughtUp();
  }

  private markCaughtUp(): void {
    if (this.caughtUp || this.closed) return;
    this.caughtUp = true;
    this.enqueue({ kind: 'caught-up', position: this.readThrough });
  }

  private enqueue(message: SubscriptionMessage): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      waiter.resolve({ done: false, value: message });
      return;
    }
    this.queue.push(message);
    if (!this.paused && this.queue.length >= subscriptionBufferMessageCountMax) {
      this.paused = true;
      this.connection?.source.pause();
    }
  }

  private onLost(connection: Connection, error: unknown): void {
    if (this.connection !== connection || this.closed) return;
    void this.dropConnection();
    // A subscription has no natural end: a server that ends one is shutting down or handing over.
    if (!isTransientFailure(error) && !(error instanceof SubscriptionEndedByServerError)) {
      this.fail(error);
      return;
    }
    this.failedConnects++;
    if (this.failedConnects >= this.host.reconnectPolicy.attemptsMax) {
      this.fail(new Error(`the subscription to $all was lost and ${this.failedConnects} reconnects failed: ${describe(error)}`));
      return;
    }
    this.reconnectTimer = setTimeout(() => this.connect(), retryDelayMs(this.host.reconnectPolicy, this.failedConnects));
  }

  private async dropConnection(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection === undefined) return;
    connection.source.removeAllListeners('data');
    // A dropped source may still report its end; an 'error' without a listener would crash the process.
    connection.source.on('error', () => undefined);
    try {
      await connection.source.unsubscribe();
    } catch {
      // Already gone.
    }
  }

  private fail(error: unknown): void {
    if (this.closed || this.failure !== undefined) return;
    this.failure = { error };
    void this.dropConnection();
    const waiter = this.waiter;
    if (waiter !== undefined && this.queue.length === 0) {
      this.waiter = undefined;
      void this.close();
      waiter.reject(error);
    }
  }
}

class SubscriptionEndedByServerError extends Error {
  override readonly name = 'SubscriptionEndedByServerError';
  constructor() {
    super('the server ended the subscription');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
