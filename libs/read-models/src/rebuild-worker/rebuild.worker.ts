/**
 * The thread a rebuild runs on (started by `ThreadedRebuilder`): it opens its own read store
 * connection and event source, runs the job the main thread claimed to its end — reading events,
 * folding and writing batches into the new tables, indexing, catching up and switching in — and
 * reports progress. Where the store takes one writer at a time, each write waits for a turn the
 * main thread grants, so the live runner there never waits inside the database.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { ProjectionRebuilder, rebuildErrorCodeOf } from '../runner/projection-rebuilder';
import { errorText } from '../runner/runner-logger';
import type { WriteGate } from '../runner/write-gate';
import type { FromRebuildWorker, RebuildWorkerData, ToRebuildWorker } from './rebuild-worker.protocol';
import { openWorkerEventSource, openWorkerReadStore } from './worker-resource';

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('rebuild.worker runs as a worker thread');
  const data = workerData as RebuildWorkerData;
  const post = (message: FromRebuildWorker): void => port.postMessage(message);
  let stopped = false;
  const turns = new Map<number, () => void>();
  let nextTurn = 1;
  port.on('message', (message: ToRebuildWorker) => {
    if (message.kind === 'stop') stopped = true;
    if (message.kind === 'write-granted') {
      turns.get(message.turn)?.();
      turns.delete(message.turn);
    }
  });
  const writeGate: WriteGate | undefined = data.writesByTurn
    ? {
        run: async <T>(work: () => Promise<T>): Promise<T> => {
          const turn = nextTurn++;
          await new Promise<void>((resolve) => {
            turns.set(turn, resolve);
            post({ kind: 'write-wanted', turn });
          });
          try {
            return await work();
          } finally {
            post({ kind: 'write-done', turn });
          }
        },
      }
    : undefined;
  post({ kind: 'started', threadId });
  try {
    const store = await openWorkerReadStore(data.resources.readStore);
    try {
      const source = await openWorkerEventSource(data.resources.eventSource);
      try {
        const rebuilder: ProjectionRebuilder = new ProjectionRebuilder(store, source, {
          batchEventCountMax: data.batchEventCountMax,
          leaseMs: data.leaseMs,
          writeGate,
          logger: { log: (message) => post({ kind: 'log', level: 'log', message }), error: (message) => post({ kind: 'log', level: 'error', message }) },
          onBatch: ({ position }): void => post({ kind: 'progress', position, eventsProcessed: rebuilder.eventsProcessed }),
          onSwitchedIn: () => post({ kind: 'switched-in' }),
        });
        post({ kind: 'completed', job: await rebuilder.runClaimed(data.jobId, data.projections, () => stopped) });
      } finally {
        await source.close();
      }
    } finally {
      await store.close();
    }
  } catch (error) {
    post({ kind: 'log', level: 'error', message: `rebuild ${data.jobId} stopped on its thread: ${errorText(error)}` });
    post({ kind: 'failed', code: rebuildErrorCodeOf(error) });
  } finally {
    // Nothing more to wait for: the thread ends once its connections are closed.
    port.unref();
  }
}

void main();
