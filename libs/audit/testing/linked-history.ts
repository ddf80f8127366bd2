import type { JsonObject } from '@ledger/event-store';
import type { ProjectionEvent, ProjectionEventSource } from '@ledger/read-models';
import { linkEvents } from '../src/hash-link';

/** A few linked streams in memory, positions from 0, for tests of the audit work that need no store. */
export function linkedHistory(streams: Readonly<Record<string, number>>, startMs = Date.UTC(2024, 5, 1)): ProjectionEvent[] {
  const heads = new Map<string, { revision: bigint; lastHash: string | null }>();
  // Interleave the streams so that global order and stream order differ.
  const interleaved: string[] = [];
  const queues = Object.entries(streams).map(([streamId, count]) => Array.from({ length: count }, () => streamId));
  while (queues.some((queue) => queue.length > 0)) for (const queue of queues) if (queue.length > 0) interleaved.push(queue.shift() as string);
  return interleaved.map((streamId, position) => {
    const head = heads.get(streamId) ?? { revision: -1n, lastHash: null };
    const data: JsonObject = { amountVnd: String(1_000 + position) };
    const metadata: JsonObject = { commandId: `c-${position}`, effectiveDate: '2024-06-01', recordedAt: new Date(startMs + position).toISOString(), schemaVersion: 1 };
    const { events, lastHash } = linkEvents({ streamId, revision: head.revision, lastHash: head.lastHash }, [{ id: `e-${position}`, type: 'BudgetAssigned', data, metadata }]);
    heads.set(streamId, { revision: head.revision + 1n, lastHash });
    return { ...events[0], position: BigInt(position), streamId, revision: head.revision + 1n, recordedAt: new Date(startMs + position) };
  });
}

/** Serves events from an array as an event source, in pages. */
export class ArrayEventSource implements ProjectionEventSource {
  constructor(readonly events: ProjectionEvent[]) {}

  async readAfter(afterPosition: bigint, maxCount: number): Promise<readonly ProjectionEvent[]> {
    return this.events.filter((event) => event.position > afterPosition).slice(0, maxCount);
  }

  async headPosition(): Promise<bigint> {
    return this.events.at(-1)?.position ?? -1n;
  }

  async close(): Promise<void> {}
}
