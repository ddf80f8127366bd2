import type { ProjectionEvent, ProjectionEventSource } from '@ledger/read-models';

/** Events held in memory, read a page at a time like the event store's bulk reader. */
export class ArrayEventSource implements ProjectionEventSource {
  constructor(private readonly events: readonly ProjectionEvent[]) {}

  async readAfter(afterPosition: bigint, maxCount: number): Promise<readonly ProjectionEvent[]> {
    return this.events.filter((event) => event.position > afterPosition).slice(0, maxCount);
  }

  async headPosition(): Promise<bigint> {
    return this.events.length === 0 ? -1n : this.events[this.events.length - 1].position;
  }

  async close(): Promise<void> {}
}
