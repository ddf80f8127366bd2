import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { EventStore } from '@ledger/event-store';
import {
  ProjectionRebuilder,
  ProjectionRunner,
  projectionNames,
  storedPositions,
  liveCheckpointName,
  type ProjectionEventSource,
  type ProjectionName,
  type ReadDatabase,
  type ReadStore,
  type RebuildJobView,
  type RunnerState,
} from '@ledger/read-models';
import { ReadModelBehindError } from './read-model-errors';

/** How often a process without its own runner looks at the stored checkpoints while it waits. */
const storedPositionPollMs = 50;

export interface ReadModelsOptions {
  readonly store: ReadStore;
  /** Where catch-up and rebuilds read events; defaults to the event store's `readAll`. */
  readonly source: ProjectionEventSource;
  /** Run the projection runner in this process (an API replica reading a store kept by a worker does not). */
  readonly runnerEnabled: boolean;
  /** How long a query with `minPosition` waits before it answers 503 (configured; at most 30 s). */
  readonly waitTimeoutMs: number;
  readonly batchEventCountMax?: number;
}

export interface ProjectionStatus {
  readonly name: ProjectionName;
  readonly position: bigint;
  readonly lagEvents: bigint;
}

export interface ReadModelsStatus {
  readonly headPosition: bigint;
  readonly runner: { readonly enabled: boolean; readonly state: RunnerState | 'elsewhere'; readonly failure: string | null };
  readonly projections: readonly ProjectionStatus[];
  readonly rebuilds: readonly RebuildJobView[];
}

/**
 * The read side of the ledger in this process: the read store, the projection runner that keeps
 * it current, the rebuilder, and read-your-writes waiting for queries.
 */
export class ReadModels {
  private readonly logger = new Logger('ReadModels');
  readonly runner: ProjectionRunner | undefined;
  readonly rebuilder: ProjectionRebuilder;

  constructor(
    private readonly options: ReadModelsOptions,
    eventStore: EventStore,
  ) {
    const logger = { log: (message: string) => this.logger.log(message), error: (message: string) => this.logger.error(message) };
    this.runner = options.runnerEnabled
      ? new ProjectionRunner(options.store, options.source, eventStore, { batchEventCountMax: options.batchEventCountMax, logger })
      : undefined;
    this.rebuilder = new ProjectionRebuilder(options.store, options.source, { runner: this.runner, batchEventCountMax: options.batchEventCountMax, logger });
  }

  get reader(): Kysely<ReadDatabase> {
    return this.options.store.reader;
  }

  get waitTimeoutMs(): number {
    return this.options.waitTimeoutMs;
  }

  async start(): Promise<void> {
    if (!this.runner) return;
    await this.runner.start();
    await this.rebuilder.cleanUpAbandoned();
  }

  async stop(): Promise<void> {
    await this.rebuilder.stop();
    await this.runner?.stop();
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
    if (this.runner) {
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

  async status(): Promise<ReadModelsStatus> {
    const headPosition = await this.options.source.headPosition();
    const stored = await storedPositions(this.options.store.reader);
    const inMemory = new Map(this.runner?.positions().map((entry) => [entry.name, entry.position]) ?? []);
    const projections = projectionNames.map((name) => {
      const position = inMemory.get(name) ?? stored.get(liveCheckpointName(name)) ?? -1n;
      const lagEvents = headPosition > position ? headPosition - position : 0n;
      return { name, position, lagEvents };
    });
    return {
      headPosition,
      runner: { enabled: this.runner !== undefined, state: this.runner?.state ?? 'elsewhere', failure: this.runner?.failure ?? null },
      projections,
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
