import type { ProjectionName } from '../projections/projection';
import type { RebuildErrorCode, RebuildJobView } from '../runner/projection-rebuilder';
import type { RebuildWorkerResources } from './worker-resource';

/** What a rebuild's thread is started with: a job already claimed, and how to open its own connections. */
export interface RebuildWorkerData {
  readonly jobId: string;
  readonly projections: readonly ProjectionName[];
  readonly batchEventCountMax: number | undefined;
  readonly leaseMs: number | undefined;
  readonly resources: RebuildWorkerResources;
  /** The store takes one writer at a time: every write waits for a turn the main thread grants. */
  readonly writesByTurn: boolean;
}

export type ToRebuildWorker = { readonly kind: 'stop' } | { readonly kind: 'write-granted'; readonly turn: number };

export type FromRebuildWorker =
  | { readonly kind: 'started'; readonly threadId: number }
  | { readonly kind: 'write-wanted'; readonly turn: number }
  | { readonly kind: 'write-done'; readonly turn: number }
  | { readonly kind: 'progress'; readonly position: bigint; readonly eventsProcessed: bigint }
  | { readonly kind: 'switched-in' }
  | { readonly kind: 'log'; readonly level: 'log' | 'error'; readonly message: string }
  | { readonly kind: 'completed'; readonly job: RebuildJobView }
  | { readonly kind: 'failed'; readonly code: RebuildErrorCode };
