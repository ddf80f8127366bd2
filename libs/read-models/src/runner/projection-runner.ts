import type { EventStore, Subscription, SubscriptionMessage } from '@ledger/event-store';
import { allProjections } from '../projections/catalogue';
import { EventDecoder } from '../projections/decoded-event';
import type { Projection, ProjectionName } from '../projections/projection';
import type { ReadStore } from '../read-store';
import { ensureBookkeepingTables, ensureProjectionTables, liveCheckpointName, loadCheckpoints } from '../schema/projection-schema';
import type { ProjectionEvent, ProjectionEventSource } from '../source/event-source';
import { StatementCache } from '../writing/bulk-writer';
import { applyBatch, CheckpointConflictError, type BatchTarget } from './apply-batch';
import { applyParkingFailures } from './park-failing-events';
import { EventSourceError, failureCodeOf, failureProjectionOf, type ProjectionFailure } from './projection-failure';
import { errorText, silentLogger, type RunnerLogger } from './runner-logger';
import { exclusively, type WriteGate } from './write-gate';

/** Events per batch (and per transaction). Larger batches amortise the transaction; the store's reads cap at 10,000. */
export const projectionBatchEventCountDefault = 5_000;
export const projectionBatchEventCountMax = 10_000;
/** Back-off after a failed batch, doubling from the first value up to the second. */
export const projectionRetryDelayMs = 100;
export const projectionRetryDelayMsMax = 30_000;
/**
 * Attempts at a batch that fails in its events' rows before the runner applies it in parts and
 * parks the events that fail alone (with the default back-off, 0.7 s after the first failure).
 */
export const projectionBatchAttemptsMax = 4;

export interface ProjectionRunnerOptions {
  readonly batchEventCountMax?: number;
  readonly projections?: readonly Projection[];
  readonly logger?: RunnerLogger;
  readonly now?: () => Date;
  /** Attempts before parking; `projectionBatchAttemptsMax` unless given (tests). */
  readonly batchAttemptsMax?: number;
  /** The first back-off; `projectionRetryDelayMs` unless given (tests). */
  readonly retryDelayMs?: number;
  /** Taken around every write when the store takes one writer at a time and a rebuild writes from another thread. */
  readonly writeGate?: WriteGate;
}

export type RunnerState = 'stopped' | 'starting' | 'catching-up' | 'live' | 'retrying';

export interface ProjectionPosition {
  readonly name: ProjectionName;
  /** The last event position reflected in the projection's tables; -1n before the first. */
  readonly position: bigint;
}

export { silentLogger, type RunnerLogger } from './runner-logger';

/**
 * Keeps the live projections up to date. It catches up from the stored checkpoints with bulk
 * reads (`readAfter` pages of up to `batchEventCountMax` events, one transaction each), then
 * follows a live subscription, gathering what arrives into batches that are written when full or
 * as soon as the subscription has nothing more ready.
 *
 * It owns no state the read store does not hold: after a checkpoint conflict (a rebuild was
 * switched in, or another runner wrote) it reloads the checkpoints and carries on from there.
 */
export class ProjectionRunner {
  private readonly statements = new StatementCache();
  private readonly decoder = new EventDecoder();
  private readonly projections: readonly Projection[];
  private readonly batchEventCountMax: number;
  private readonly logger: RunnerLogger;
  private readonly now: () => Date;
  private readonly batchAttemptsMax: number;
  private readonly retryDelayMsInitial: number;
  private readonly writeGate: WriteGate | undefined;
  private targets: BatchTarget[] = [];
  private loop: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private stopping = false;
  private reloadRequested = false;
  private wakeRetry: (() => void) | undefined;
  private readonly waiters = new Set<() => void>();
  private runState: RunnerState = 'stopped';
  private lastFailure: ProjectionFailure | null = null;
  private batchesWritten = 0;
  private eventsApplied = 0;
  private eventsParked = 0;

  constructor(
    private readonly store: ReadStore,
    private readonly source: ProjectionEventSource,
    private readonly eventStore: EventStore,
    options: ProjectionRunnerOptions = {},
  ) {
    this.projections = options.projections ?? allProjections;
    this.batchEventCountMax = options.batchEventCountMax ?? projectionBatchEventCountDefault;
    if (!Number.isInteger(this.batchEventCountMax) || this.batchEventCountMax < 1 || this.batchEventCountMax > projectionBatchEventCountMax) {
      throw new RangeError(`batchEventCountMax must be 1–${projectionBatchEventCountMax}, got ${String(this.batchEventCountMax)}`);
    }
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.batchAttemptsMax = options.batchAttemptsMax ?? projectionBatchAttemptsMax;
    if (!Number.isInteger(this.batchAttemptsMax) || this.batchAttemptsMax < 1) throw new RangeError(`batchAttemptsMax must be a positive integer, got ${String(this.batchAttemptsMax)}`);
    this.retryDelayMsInitial = options.retryDelayMs ?? projectionRetryDelayMs;
    this.writeGate = options.writeGate;
  }

  get state(): RunnerState {
    return this.runState;
  }

  /** Why the runner is retrying, as a code with the position concerned; null while it is not. */
  get failure(): ProjectionFailure | null {
    return this.lastFailure;
  }

  get counters(): { readonly batchesWritten: number; readonly eventsApplied: number; readonly eventsParked: number } {
    return { batchesWritten: this.batchesWritten, eventsApplied: this.eventsApplied, eventsParked: this.eventsParked };
  }

  /** Creates missing tables, loads the checkpoints and starts following the store; resolves once started, not caught up. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.runState = 'starting';
    await prepareReadStore(this.store, this.projections, this.now());
    await this.reload();
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeRetry?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    this.runState = 'stopped';
    this.notify();
  }

  positions(): ProjectionPosition[] {
    return this.targets.map((target) => ({ name: target.projection.name, position: target.position }));
  }

  /** The lowest position among the named projections (all when none are named). */
  positionOf(names?: readonly ProjectionName[]): bigint {
    const relevant = this.targets.filter((target) => !names || names.includes(target.projection.name));
    return relevant.reduce((min, target) => (target.position < min ? target.position : min), relevant[0]?.position ?? -1n);
  }

  /** Resolves true once the named projections reflect `position`, false after `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number, names?: readonly ProjectionName[]): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.positionOf(names) < position) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) return false;
      await new Promise<void>((resolve) => {
        const waiter = (): void => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        };
        const timer = setTimeout(waiter, remainingMs);
        this.waiters.add(waiter);
      });
    }
    return true;
  }

  /** Called after a rebuild was switched in: reload the checkpoints before the next batch. */
  requestReload(): void {
    this.reloadRequested = true;
    this.wakeRetry?.();
    void this.subscription?.close();
  }

  private async reload(): Promise<void> {
    const checkpoints = await loadCheckpoints(this.store.writer, this.projections.map((projection) => liveCheckpointName(projection.name)));
    this.targets = this.projections.map((projection) => ({
      projection,
      checkpointName: liveCheckpointName(projection.name),
      physicalName: (table) => table,
      position: checkpoints.get(liveCheckpointName(projection.name)) ?? -1n,
    }));
    this.reloadRequested = false;
    this.notify();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let retryDelayMs = this.retryDelayMsInitial;
    while (!this.stopping) {
      try {
        if (this.reloadRequested) await this.reload();
        this.runState = failures > 0 ? 'retrying' : 'catching-up';
        const events = await this.readAfter(this.positionOf());
        if (events.length > 0) {
          // A batch that keeps failing is applied in parts: the events that fail alone are parked.
          await this.write(events, failures + 1 >= this.batchAttemptsMax);
          failures = 0;
          retryDelayMs = this.retryDelayMsInitial;
          // Let HTTP requests and timers run between batches of a long catch-up.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        failures = 0;
        retryDelayMs = this.retryDelayMsInitial;
        this.lastFailure = null;
        this.runState = 'live';
        await this.followLive();
      } catch (error) {
        if (error instanceof CheckpointConflictError) {
          this.logger.log(`${error.message}; reloading checkpoints`);
          this.reloadRequested = true;
          continue;
        }
        if (this.stopping) break;
        failures += 1;
        this.lastFailure = {
          code: failureCodeOf(error),
          projection: failureProjectionOf(error),
          afterPosition: this.positionOf(),
          attempts: failures,
          since: failures === 1 || this.lastFailure === null ? this.now().toISOString() : this.lastFailure.since,
        };
        this.runState = 'retrying';
        this.logger.error(`projection batch failed (${this.lastFailure.code}, attempt ${failures}), retrying in ${retryDelayMs} ms: ${errorText(error)}`);
        await this.sleep(retryDelayMs);
        retryDelayMs = Math.min(projectionRetryDelayMsMax, retryDelayMs * 2);
        this.reloadRequested = true;
      }
    }
  }

  private async readAfter(position: bigint): Promise<readonly ProjectionEvent[]> {
    try {
      return await this.source.readAfter(position, this.batchEventCountMax);
    } catch (error) {
      throw new EventSourceError(error);
    }
  }

  /**
   * Follows the store live from the current position. Messages the subscription already has
   * are gathered into one batch; the batch is written when full, at `caught-up`, or when the next
   * message is not ready at once (the subscription is waiting for new commits).
   */
  private async followLive(): Promise<void> {
    let subscription: Subscription;
    try {
      subscription = this.eventStore.subscribeToAll({ afterPosition: this.positionOf() });
    } catch (error) {
      throw new EventSourceError(error);
    }
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let buffer: ProjectionEvent[] = [];
    try {
      // A stop or reload asked for before the subscription existed could not close it.
      if (this.stopping || this.reloadRequested) return;
      let next = iterator.next();
      for (;;) {
        const result = await next.catch((error: unknown) => {
          throw new EventSourceError(error);
        });
        if (result.done || this.stopping || this.reloadRequested) break;
        const message: SubscriptionMessage = result.value;
        if (message.kind === 'event') buffer.push(message.event);
        next = iterator.next();
        if (buffer.length === 0) continue;
        if (buffer.length >= this.batchEventCountMax || message.kind === 'caught-up' || !(await readyAtOnce(next))) {
          const batch = buffer;
          buffer = [];
          await this.write(batch, false);
        }
      }
    } finally {
      this.subscription = undefined;
      await subscription.close();
    }
  }

  private async write(events: readonly ProjectionEvent[], parkFailures: boolean): Promise<void> {
    const now = this.now().toISOString();
    await exclusively(this.writeGate, async () => {
      if (!parkFailures) {
        await applyBatch(this.store.writer, this.statements, this.decoder, this.targets, events, now);
        return;
      }
      const parked = await applyParkingFailures({ db: this.store.writer, statements: this.statements, decoder: this.decoder, now, logger: this.logger }, this.targets, events);
      this.eventsParked += parked.length;
    });
    this.batchesWritten += 1;
    this.eventsApplied += events.length;
    this.lastFailure = null;
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = (): void => done();
      this.wakeRetry = wake;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wakeRetry = undefined;
    });
  }
}

/** True when the promise settles before the event loop turns: the subscription had the next message ready. */
function readyAtOnce(next: Promise<unknown>): Promise<boolean> {
  return Promise.race([
    next.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
}

/** Creates the bookkeeping tables and each projection's live tables when missing or outdated. */
export async function prepareReadStore(store: ReadStore, projections: readonly Projection[], now: Date): Promise<void> {
  await ensureBookkeepingTables(store.writer);
  for (const projection of projections) await ensureProjectionTables(store.writer, projection, store.dialect, now.toISOString());
}
