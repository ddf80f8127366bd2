import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectionName } from '../projections/projection';
import type { ReadStore } from '../read-store';
import { ProjectionRebuilder, RebuildAlreadyRunningError, type ProjectionRebuilds, type RebuildErrorCode, type RebuildJobView, type RebuildProgress } from '../runner/projection-rebuilder';
import { errorText, silentLogger, type RunnerLogger } from '../runner/runner-logger';
import type { WriteGate } from '../runner/write-gate';
import type { ProjectionEventSource } from '../source/event-source';
import type { FromRebuildWorker, RebuildWorkerData, ToRebuildWorker } from './rebuild-worker.protocol';
import { modulesForWorker } from './worker-modules';
import type { RebuildWorkerResources } from './worker-resource';

/** How long a rebuild's thread may take to stop (its batch in flight rolled back, its tables dropped) before it is terminated. */
export const rebuildWorkerStopTimeoutMs = 30_000;

export interface ThreadedRebuilderOptions {
  /** How the rebuild's thread opens its own read store connection and event source. */
  readonly resources: RebuildWorkerResources;
  /** Told to reload its checkpoints once rebuilt tables are switched in. */
  readonly runner?: { requestReload(): void };
  /** Shared with the live runner where the store takes one writer at a time. */
  readonly writeGate?: WriteGate;
  readonly batchEventCountMax?: number;
  readonly leaseMs?: number;
  readonly logger?: RunnerLogger;
}

/** A rebuild that did not complete on its thread; `code` is what its job records. */
export class RebuildFailedError extends Error {
  override readonly name = 'RebuildFailedError';
  constructor(
    readonly jobId: string,
    readonly code: RebuildErrorCode,
  ) {
    super(`rebuild ${jobId} failed: ${code}`);
  }
}

interface RunningRebuild {
  readonly jobId: string;
  readonly worker: Worker;
  readonly done: Promise<RebuildJobView>;
}

/**
 * Runs rebuilds on a worker thread, one at a time, so that reading the events and folding and
 * writing their batches never takes the thread that answers requests. This thread claims the job
 * (the lease in `projection_rebuilds`, which also keeps other processes from starting one), starts
 * the worker with the job's id, grants it turns to write where the store takes one writer at a
 * time, follows its progress, and tells the live runner to reload once the worker has switched the
 * new tables in. Jobs are read and listed from the store, as the in-thread rebuilder does.
 */
export class ThreadedRebuilder implements ProjectionRebuilds {
  private readonly jobs: ProjectionRebuilder;
  private readonly logger: RunnerLogger;
  private running: RunningRebuild | undefined;
  private latestProgress: RebuildProgress | undefined;
  /** Start requests one after the other, so a second one sees the first as running. */
  private starting: Promise<unknown> = Promise.resolve();

  constructor(
    store: ReadStore,
    source: ProjectionEventSource,
    private readonly options: ThreadedRebuilderOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.jobs = new ProjectionRebuilder(store, source, { writeGate: options.writeGate, leaseMs: options.leaseMs, logger: this.logger });
  }

  get current(): Promise<RebuildJobView> | undefined {
    return this.running?.done;
  }

  get progress(): RebuildProgress | undefined {
    return this.latestProgress;
  }

  start(names: readonly ProjectionName[]): Promise<RebuildJobView> {
    const started = this.starting.then(() => this.startNow(names));
    this.starting = started.catch(() => undefined);
    return started;
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.worker.postMessage({ kind: 'stop' } satisfies ToRebuildWorker);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), rebuildWorkerStopTimeoutMs)));
    const outcome = await Promise.race([running.done.catch(() => 'stopped' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timed-out') await running.worker.terminate();
  }

  cleanUpAbandoned(): Promise<void> {
    return this.jobs.cleanUpAbandoned(this.running?.jobId);
  }

  job(jobId: string): Promise<RebuildJobView | undefined> {
    return this.jobs.job(jobId);
  }

  recentJobs(): Promise<RebuildJobView[]> {
    return this.jobs.recentJobs();
  }

  private async startNow(names: readonly ProjectionName[]): Promise<RebuildJobView> {
    if (this.running) throw new RebuildAlreadyRunningError(this.running.jobId);
    const jobId = await this.jobs.claim(names);
    let worker: Worker;
    try {
      worker = this.startWorker(jobId, names);
    } catch (error) {
      this.logger.error(`rebuild ${jobId}: its thread did not start: ${errorText(error)}`);
      await this.jobs.finish(jobId, 'failed', 'REBUILD_WORKER_FAILED');
      throw error;
    }
    const entry: RunningRebuild = { jobId, worker, done: this.follow(jobId, worker) };
    this.running = entry;
    void entry.done
      .finally(() => {
        if (this.running === entry) this.running = undefined;
      })
      // The outcome is recorded in the job's row; a failure is not an unhandled rejection.
      .catch(() => undefined);
    return (await this.jobs.job(jobId)) as RebuildJobView;
  }

  private startWorker(jobId: string, names: readonly ProjectionName[]): Worker {
    const { resources } = this.options;
    const entry = join(__dirname, `rebuild.worker${extname(__filename)}`);
    const [workerEntry, readStoreModule, eventSourceModule] = modulesForWorker([entry, resources.readStore.module, resources.eventSource.spec.module]);
    const workerData: RebuildWorkerData = {
      jobId,
      projections: [...names],
      batchEventCountMax: this.options.batchEventCountMax,
      leaseMs: this.options.leaseMs,
      resources: {
        readStore: { ...resources.readStore, module: readStoreModule },
        eventSource: { kind: resources.eventSource.kind, spec: { ...resources.eventSource.spec, module: eventSourceModule } },
      },
      writesByTurn: this.options.writeGate !== undefined,
    };
    return new Worker(workerEntry, { workerData });
  }

  /** Answers the worker's messages until it ends; resolves with the completed job. */
  private follow(jobId: string, worker: Worker): Promise<RebuildJobView> {
    const releases = new Map<number, () => void>();
    const releaseAll = (): void => {
      for (const release of releases.values()) release();
      releases.clear();
    };
    return new Promise<RebuildJobView>((resolve, reject) => {
      let outcome: { readonly job: RebuildJobView } | { readonly code: RebuildErrorCode } | undefined;
      worker.on('message', (message: FromRebuildWorker) => {
        switch (message.kind) {
          case 'started':
            this.latestProgress = { jobId, threadId: message.threadId, position: -1n, eventsProcessed: 0n };
            this.logger.log(`rebuild ${jobId} runs on thread ${message.threadId}`);
            return;
          case 'write-wanted': {
            const gate = this.options.writeGate;
            if (!gate) {
              worker.postMessage({ kind: 'write-granted', turn: message.turn } satisfies ToRebuildWorker);
              return;
            }
            void gate.run(
              () =>
                new Promise<void>((release) => {
                  releases.set(message.turn, release);
                  worker.postMessage({ kind: 'write-granted', turn: message.turn } satisfies ToRebuildWorker);
                }),
            );
            return;
          }
          case 'write-done':
            releases.get(message.turn)?.();
            releases.delete(message.turn);
            return;
          case 'progress':
            this.latestProgress = { jobId, threadId: worker.threadId, position: message.position, eventsProcessed: message.eventsProcessed };
            return;
          case 'switched-in':
            this.options.runner?.requestReload();
            return;
          case 'log':
            if (message.level === 'error') this.logger.error(message.message);
            else this.logger.log(message.message);
            return;
          case 'completed':
            outcome = { job: message.job };
            return;
          case 'failed':
            outcome = { code: message.code };
            return;
        }
      });
      worker.on('error', (error) => this.logger.error(`rebuild ${jobId}: its thread failed: ${errorText(error)}`));
      worker.once('exit', (exitCode) => {
        // A thread that died holding a turn must not keep the live runner waiting.
        releaseAll();
        if (outcome !== undefined && 'job' in outcome) {
          resolve(outcome.job);
          return;
        }
        const code = outcome?.code ?? 'REBUILD_WORKER_FAILED';
        if (outcome === undefined) this.logger.error(`rebuild ${jobId}: its thread stopped (exit code ${exitCode}) before the rebuild ended`);
        // The thread records its own failures; one that died without a word is recorded here.
        const recorded = outcome === undefined ? this.jobs.finish(jobId, 'failed', code).catch(() => undefined) : Promise.resolve();
        void recorded.then(() => reject(new RebuildFailedError(jobId, code)));
      });
    });
  }
}
