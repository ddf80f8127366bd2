import {
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type CommandRecord,
  type EventFilter,
  type FindCommandOptions,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-store';
import type { LedgerMetrics } from './ledger-metrics';

/** Wraps any event store to measure appends; everything else passes through unchanged. */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: LedgerMetrics,
  ) {}

  async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const stopTimer = this.metrics.appendDuration.startTimer();
    try {
      const result = await this.inner.appendToStream(streamId, events, options);
      stopTimer({ outcome: result.duplicate ? 'duplicate' : 'appended' });
      if (!result.duplicate) this.metrics.eventsAppended.inc(events.length);
      return result;
    } catch (error) {
      stopTimer({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  findCommand(commandId: string, options?: FindCommandOptions): Promise<CommandRecord | undefined> {
    return this.inner.findCommand(commandId, options);
  }

  countEventsAfter(afterPosition: bigint, limit: bigint, filter?: EventFilter): Promise<bigint> {
    if (!this.inner.countEventsAfter) return Promise.reject(new Error('this event store cannot count events'));
    return this.inner.countEventsAfter(afterPosition, limit, filter);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
