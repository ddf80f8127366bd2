import type { AppendOptions, AppendResult, EventStore, EventToAppend } from '../src';

/**
 * An event store that hands every call to another. A test's store that fails on purpose extends
 * it and overrides only the appends it breaks; reads, subscriptions and commands stay the real ones.
 */
export class ForwardingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, events, options);
  }
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  subscribeToAll: EventStore['subscribeToAll'] = (...args) => this.inner.subscribeToAll(...args);
  findCommand: EventStore['findCommand'] = (...args) => this.inner.findCommand(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  close: EventStore['close'] = () => this.inner.close();
}
