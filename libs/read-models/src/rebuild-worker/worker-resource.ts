import type { EventStore } from '@ledger/event-store';
import type { ReadStore } from '../read-store';
import { EventStoreEventSource, type ProjectionEventSource } from '../source/event-source';

/**
 * How a rebuild's thread opens a connection of its own: a function a module exports, called with
 * options that can cross threads (structured clone: plain data, no functions). The read models
 * never import an adapter; the wiring names the adapter's module and the thread loads it.
 */
export interface WorkerResourceSpec {
  /** The module's file, as TypeScript sources or built JavaScript. */
  readonly module: string;
  /** The exported function, or `Class.method` for a static factory. */
  readonly exportName: string;
  readonly options: unknown;
}

/** What a rebuild's thread opens: its read store connection and its event source (or the event store it reads through the port). */
export interface RebuildWorkerResources {
  readonly readStore: WorkerResourceSpec;
  readonly eventSource: { readonly kind: 'event-source' | 'event-store'; readonly spec: WorkerResourceSpec };
}

export async function openWorkerResource(spec: WorkerResourceSpec): Promise<unknown> {
  const loaded = require(spec.module) as unknown;
  let owner: unknown = undefined;
  let value: unknown = loaded;
  for (const part of spec.exportName.split('.')) {
    owner = value;
    value = value !== null && typeof value === 'object' || typeof value === 'function' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value !== 'function') throw new Error(`${spec.module} exports no function ${spec.exportName}`);
  return (value as (options: unknown) => Promise<unknown>).call(owner, spec.options);
}

export async function openWorkerReadStore(spec: WorkerResourceSpec): Promise<ReadStore> {
  return (await openWorkerResource(spec)) as ReadStore;
}

/** An event source of its own; an event store opened for it is closed with it. */
export async function openWorkerEventSource(resources: RebuildWorkerResources['eventSource']): Promise<ProjectionEventSource> {
  const opened = await openWorkerResource(resources.spec);
  if (resources.kind === 'event-source') return opened as ProjectionEventSource;
  const store = opened as EventStore;
  const source = new EventStoreEventSource(store);
  return {
    readAfter: (afterPosition, maxCount) => source.readAfter(afterPosition, maxCount),
    headPosition: () => source.headPosition(),
    close: () => store.close(),
  };
}
