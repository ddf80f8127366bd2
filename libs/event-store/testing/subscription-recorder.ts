import type { RecordedEvent, Subscription, SubscriptionMessage } from '../src/event-store.port';

/**
 * How long a test waits for a subscription to deliver what it expects. It is a bound on a
 * failure, never a pause: a passing test continues the moment the message arrives, so the bound
 * can be generous enough for a loaded CI machine or a remote EventStoreDB server.
 */
export const subscriptionWaitTimeoutMs = 15_000;

/**
 * Drains a subscription in the background and lets a test wait, without sleeping, until the
 * messages received so far satisfy a condition.
 */
export class SubscriptionRecorder {
  readonly messages: SubscriptionMessage[] = [];
  /** Settles when the subscription's iterator ends (or throws). */
  readonly finished: Promise<void>;
  private ended = false;
  private failure: unknown = undefined;
  private readonly listeners = new Set<() => void>();

  constructor(readonly subscription: Subscription) {
    this.finished = this.drain();
  }

  /** The delivered events, in delivery order, without the 'caught-up' messages. */
  events(): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    for (const message of this.messages) {
      if (message.kind === 'event') events.push(message.event);
    }
    return events;
  }

  /** The delivered events whose stream id starts with `prefix`: a shared store holds other tests' events too. */
  eventsWithPrefix(prefix: string): RecordedEvent[] {
    return this.events().filter((event) => event.streamId.startsWith(prefix));
  }

  caughtUpCount(): number {
    return this.messages.filter((message) => message.kind === 'caught-up').length;
  }

  hasEnded(): boolean {
    return this.ended;
  }

  /** Resolves as soon as `condition` holds; rejects with `description` if it does not within the bound. */
  waitFor(description: string, condition: () => boolean, timeoutMs = subscriptionWaitTimeoutMs): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if (this.failure !== undefined) {
          stop();
          reject(this.failure instanceof Error ? this.failure : new Error(String(this.failure)));
          return true;
        }
        if (condition()) {
          stop();
          resolve();
          return true;
        }
        if (this.ended) {
          stop();
          reject(new Error(`subscription ended before: ${description} (${this.summary()})`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${description} (${this.summary()})`));
      }, timeoutMs);
      const listener = (): void => {
        check();
      };
      const stop = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** Resolves when the iterator has ended; rejects if it does not end within the bound. */
  waitForEnd(timeoutMs = subscriptionWaitTimeoutMs): Promise<void> {
    return this.waitFor('the iterator to end', () => this.ended, timeoutMs);
  }

  private async drain(): Promise<void> {
    try {
      for await (const message of this.subscription) {
        this.messages.push(message);
        this.notify();
      }
    } catch (error) {
      this.failure = error ?? new Error('subscription failed');
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private summary(): string {
    return `${this.events().length} events and ${this.caughtUpCount()} caught-up messages received, ended: ${this.ended}`;
  }
}
