import type { Kysely } from 'kysely';
import type { EventStore } from '@ledger/event-store';
import { projectionNames, type ProjectionName } from '../projections/projection';
import type { ReadDatabase } from '../read-database';
import type { ReadStore } from '../read-store';
import { ProjectionRebuilder, type ProjectionRebuilds, type RebuildJobView } from '../runner/projection-rebuilder';
import { storedPositions } from '../queries/snapshot';
import { ProjectionRunner, silentLogger, type RunnerLogger, type RunnerState } from '../runner/projection-runner';
import { countParkedEvents, listParkedEvents, type ParkedEventView } from '../runner/parked-events';
import type { ProjectionFailure } from '../runner/projection-failure';
import { FifoWriteGate } from '../runner/write-gate';
import { ThreadedRebuilder } from '../rebuild-worker/threaded-rebuilder';
import type { RebuildWorkerResources } from '../rebuild-worker/worker-resource';
import { liveCheckpointName } from '../schema/projection-schema';
import type { ProjectionEventSource } from '../source/event-source';
import type { Projector } from './projector';
import { PositionBeyondHeadError, ReadModelBehindError } from './read-model-behind.error';

/** A lag is counted up to this many events; beyond, the figure says "at least". */
export const lagCountMax = 1_000_000n;

/** How often a process without its own runner looks at the stored checkpoints while it waits. */
const storedPositionPollMs = 50;

export interface ReadSideOptions {
  readonly store: ReadStore;
  /** Where catch-up and rebuilds read events; defaults to the event store's `readAll`. */
  readonly source: ProjectionEventSource;
  /** Run the projection runner in this process (an API replica reading a store kept by a worker does not). */
  readonly runnerEnabled: boolean;
  /** How long a query with `minPosition` waits before it answers 503 (configured; at most 30 s). */
  readonly waitTimeoutMs: number;
  readonly batchEventCountMax?: number;
  /**
   * Guards the runner with a lease (PostgreSQL's `LeasedProjector`), so one process of many projects
   * into a shared read store. Without it the runner starts at once.
   */
  readonly leaseProjector?: (runner: Projector, onLost: (error: Error) => void) => ProjectorGuard;
  /** Where the read side says what it does (the app's logger); silent when not given. */
  readonly logger?: RunnerLogger;
  /**
   * How a rebuild's worker thread opens its own read store connection and event source. Given (the
   * wiring always gives it), rebuilds run on that thread; without it, on this one (tests, tools).
   */
  readonly rebuildWorker?: RebuildWorkerResources;
}

/** A runner that runs only while this process holds the lease (`LeasedProjector` has this shape). */
export interface ProjectorGuard {
  readonly leaseHeld: boolean;
  /** Resolves once the lease is held and the runner started; rejects when stopped while waiting. */
  start(signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/** The runner's state when this process waits for another to give up the projector lease. */
export const waitingForLease = 'waiting for lease';

export interface ProjectionStatus {
  readonly name: ProjectionName;
  readonly position: bigint;
  readonly lagEvents: bigint;
  /** Events this projection parked: its figures lack their effects until a rebuild applies them. */
  readonly parkedEvents: number;
}

export interface ReadSideStatus {
  readonly headPosition: bigint;
  readonly runner: { readonly enabled: boolean; readonly state: RunnerState | 'elsewhere' | typeof waitingForLease; readonly failure: ProjectionFailure | null };
  /** True when some projection parked events: it serves, but lacks their effects. */
  readonly degraded: boolean;
  readonly projections: readonly ProjectionStatus[];
  /** The parked events, in position order, at most `parkedEventsListedMax` (the counts above cover them all). */
  readonly parkedEvents: readonly ParkedEventView[];
  readonly rebuilds: readonly RebuildJobView[];
}

/**
 * The read side of the ledger in this process: the read store, the projection runner that keeps
 * it current (under the projector lease where there is one), the rebuilder, and read-your-writes
 * waiting for queries.
 */
export class ReadSide {
  private readonly logger: RunnerLogger;
  readonly runner: ProjectionRunner | undefined;
  readonly rebuilder: ProjectionRebuilds;
  private guard: ProjectorGuard | undefined;
  private leaseWait: Promise<void> | undefined;
  private stopping = false;
  private readonly alongside: Projector[] = [];

  constructor(
    private readonly options: ReadSideOptions,
    private readonly eventStore: EventStore,
  ) {
    const logger = options.logger ?? silentLogger;
    this.logger = logger;
    // SQLite takes one writer at a time per file: the runner and a rebuild on its thread take turns here rather than in the database.
    const writeGate = options.rebuildWorker && options.store.dialect === 'sqlite' ? new FifoWriteGate() : undefined;
    this.runner = options.runnerEnabled
      ? new ProjectionRunner(options.store, options.source, eventStore, { batchEventCountMax: options.batchEventCountMax, logger, writeGate })
      : undefined;
    const rebuildOptions = { runner: this.runner, batchEventCountMax: options.batchEventCountMax, logger, writeGate };
    this.rebuilder = options.rebuildWorker
      ? new ThreadedRebuilder(options.store, options.source, { ...rebuildOptions, resources: options.rebuildWorker })
      : new ProjectionRebuilder(options.store, options.source, rebuildOptions);
  }

  get reader(): Kysely<ReadDatabase> {
    return this.options.store.reader;
  }

  get waitTimeoutMs(): number {
    return this.options.waitTimeoutMs;
  }

  /** True when the runner runs here only while this process holds the projector lease. */
  get leased(): boolean {
    return this.runner !== undefined && this.options.leaseProjector !== undefined;
  }

  /**
   * With a projector lease, `projector` (the transfer process manager, the digest schedule) runs
   * under the same lease: the ones given start after the runner, in the order given, and stop
   * before it, in reverse. Returns false, and does nothing, when the runner needs no lease here;
   * the caller then runs the projector itself.
   */
  runUnderLease(projector: Projector): boolean {
    if (!this.leased) return false;
    this.alongside.push(projector);
    return true;
  }

  /** Starts the runner, or, with a lease, starts waiting for it in the background. */
  async start(): Promise<void> {
    if (!this.runner) return;
    const alongside = [...this.alongside];
    const leaseProjector = this.options.leaseProjector;
    if (!leaseProjector) {
      await this.runner.start();
      await this.rebuilder.cleanUpAbandoned();
      return;
    }
    // The lease may be held by another process for as long as it runs: start-up does not wait for it.
    const runner = this.runner;
    const guarded: Projector =
      alongside.length > 0
        ? {
            start: async () => {
              await runner.start();
              for (const projector of alongside) await projector.start();
            },
            stop: async () => {
              for (const projector of [...alongside].reverse()) await projector.stop();
              await runner.stop();
            },
          }
        : runner;
    this.guard = leaseProjector(guarded, (error) => {
      this.logger.error(`${error.message}; waiting for the lease again`);
      if (!this.stopping) this.waitForLease();
    });
    this.waitForLease();
  }

  /** True when this process runs the projections now (it holds the lease, or needs none). */
  get projecting(): boolean {
    return this.runner !== undefined && (this.guard === undefined || this.guard.leaseHeld);
  }

  private waitForLease(): void {
    const guard = this.guard as ProjectorGuard;
    this.logger.log('waiting for the projector lease');
    this.leaseWait = guard
      .start()
      .then(async () => {
        this.logger.log('holding the projector lease: projecting');
        // Rebuild tables abandoned by a projector that died can only be cleaned up by the lease holder.
        await this.rebuilder.cleanUpAbandoned();
      })
      .catch((error: unknown) => {
        if (!this.stopping) this.logger.error(`could not start projecting: ${error instanceof Error ? error.message : String(error)}`);
      });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.rebuilder.stop();
    if (this.guard) {
      await this.guard.stop();
      await this.leaseWait;
    } else {
      await this.runner?.stop();
    }
    await this.options.source.close();
    await this.options.store.close();
  }

  /**
   * Waits until the named projections reflect `minPosition`, at most `waitTimeoutMs`; then
   * refuses with `ReadModelBehindError` rather than answer with older figures.
   */
  async awaitPosition(minPosition: bigint | undefined, names: readonly ProjectionName[]): Promise<void> {
    if (minPosition === undefined) return;
    const started = Date.now();
    const timeoutMs = this.options.waitTimeoutMs;
    if (this.runner && this.projecting && this.runner.positionOf(names) >= minPosition) return;
    // A position no event has yet is a client's mistake, not a reason to wait: it is refused at once.
    const headPosition = await this.options.source.headPosition();
    if (minPosition > headPosition) throw new PositionBeyondHeadError(minPosition, headPosition);
    if (this.runner && this.projecting) {
      if (await this.runner.waitFor(minPosition, timeoutMs, names)) return;
      throw new ReadModelBehindError(minPosition, this.runner.positionOf(names), Date.now() - started);
    }
    for (;;) {
      const position = await this.storedPositionOf(names);
      if (position >= minPosition) return;
      if (Date.now() - started >= timeoutMs) throw new ReadModelBehindError(minPosition, position, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, storedPositionPollMs));
    }
  }

  /**
   * Events stored after `position`: counted by the store where positions are not counts (on
   * EventStoreDB a position is an offset in its log), up to `lagCountMax`.
   */
  private async eventsAfter(position: bigint, headPosition: bigint): Promise<bigint> {
    if (position >= headPosition) return 0n;
    if (this.eventStore.countEventsAfter) return this.eventStore.countEventsAfter(position, lagCountMax);
    return headPosition - position;
  }

  async status(): Promise<ReadSideStatus> {
    const headPosition = await this.options.source.headPosition();
    const stored = await storedPositions(this.options.store.reader);
    const inMemory = new Map((this.projecting ? this.runner?.positions() : undefined)?.map((entry) => [entry.name, entry.position]) ?? []);
    const parkedCounts = await countParkedEvents(this.options.store.reader);
    const projections = await Promise.all(
      projectionNames.map(async (name) => {
        const position = inMemory.get(name) ?? stored.get(liveCheckpointName(name)) ?? -1n;
        return { name, position, lagEvents: await this.eventsAfter(position, headPosition), parkedEvents: parkedCounts.get(name) ?? 0 };
      }),
    );
    const degraded = projections.some((projection) => projection.parkedEvents > 0);
    return {
      headPosition,
      runner: {
        enabled: this.runner !== undefined,
        state: this.runner === undefined ? 'elsewhere' : this.projecting ? this.runner.state : waitingForLease,
        failure: this.projecting ? (this.runner?.failure ?? null) : null,
      },
      degraded,
      projections,
      parkedEvents: degraded ? await listParkedEvents(this.options.store.reader) : [],
      rebuilds: await this.rebuilder.recentJobs(),
    };
  }

  private async storedPositionOf(names: readonly ProjectionName[]): Promise<bigint> {
    const stored = await storedPositions(this.options.store.reader);
    return names.reduce((min, name) => {
      const position = stored.get(liveCheckpointName(name)) ?? -1n;
      return position < min ? position : min;
    }, stored.get(liveCheckpointName(names[0])) ?? -1n);
  }
}
