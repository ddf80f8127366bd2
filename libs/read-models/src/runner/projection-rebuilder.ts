import { randomUUID } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import type { Kysely, Transaction } from 'kysely';
import { int64, smallInteger } from '../int64';
import { EventDecoder } from '../projections/decoded-event';
import { projectionNamed } from '../projections/catalogue';
import { BatchWriter, projectionNames, type Projection, type ProjectionName } from '../projections/projection';
import type { ReadDatabase } from '../read-database';
import type { ReadStore } from '../read-store';
import {
  createTables,
  dropTables,
  ensureBookkeepingTables,
  highestGeneration,
  liveCheckpointName,
  loadCheckpoints,
  rebuildCheckpointName,
  retiredTableName,
  setCheckpoint,
  shadowTableName,
} from '../schema/projection-schema';
import { createIndexes } from '../schema/table-definition';
import type { ProjectionEvent, ProjectionEventSource } from '../source/event-source';
import { StatementCache } from '../writing/bulk-writer';
import type { BatchTarget, CheckpointMove } from './apply-batch';
import { clearParkedEvents, takeOverParkedEvents } from './parked-events';
import { applyParkingFailures, ReadStoreUnavailableError } from './park-failing-events';
import { EventSourceError } from './projection-failure';
import { projectionBatchEventCountDefault } from './projection-runner';
import { errorText, silentLogger, type RunnerLogger } from './runner-logger';
import { exclusively, type WriteGate } from './write-gate';

/** A running rebuild that has not written for this long is taken to be dead (its process crashed). */
export const rebuildLeaseMs = 60_000;
/** Attempts at switching in while the live tables keep moving ahead of the rebuilt ones; the last attempt switches anyway. */
export const rebuildSwitchAttemptsMax = 10;
/** Rebuild jobs listed by the status endpoint. */
export const rebuildJobsListedMax = 20;

export type RebuildStatus = 'running' | 'completed' | 'failed' | 'abandoned';
/**
 * Why a rebuild did not complete, as stored in its job's `error` (the error's own text is logged only):
 * - `REBUILD_STOPPED`: its process stopped it (shutdown);
 * - `REBUILD_TAKEN_OVER`: its lease ran out and another process took the rebuild over;
 * - `REBUILD_ABANDONED`: it made no progress for the lease's length (its process died);
 * - `READ_STORE_UNAVAILABLE`, `EVENT_SOURCE_UNAVAILABLE`: a store stopped answering;
 * - `REBUILD_WORKER_FAILED`: the thread it ran on could not start or died;
 * - `REBUILD_FAILED`: anything else.
 * Events that fail alone do not stop a rebuild: they are parked, as the runner parks them.
 */
export const rebuildErrorCodes = ['REBUILD_STOPPED', 'REBUILD_TAKEN_OVER', 'REBUILD_ABANDONED', 'READ_STORE_UNAVAILABLE', 'EVENT_SOURCE_UNAVAILABLE', 'REBUILD_WORKER_FAILED', 'REBUILD_FAILED'] as const;
export type RebuildErrorCode = (typeof rebuildErrorCodes)[number];
export type RebuildPhase = 'preparing' | 'building' | 'indexing' | 'catching-up' | 'switching' | 'done';

export interface RebuildJobView {
  readonly jobId: string;
  readonly projections: readonly ProjectionName[];
  readonly status: RebuildStatus;
  readonly phase: RebuildPhase;
  /** The last event position written into the rebuilt tables. */
  readonly position: bigint;
  /** The store's head when the job started: the first target of the build. */
  readonly headAtStart: bigint;
  readonly eventsProcessed: bigint;
  /** Events processed against the head at start, 0–100 (it can pass 100 while catching up with new events). */
  readonly progressPercent: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Why it did not complete; null while running and once completed. */
  readonly error: RebuildErrorCode | null;
}

/** How far the rebuild running in this process has come, and on which thread it runs. */
export interface RebuildProgress {
  readonly jobId: string;
  /** The thread folding and writing its batches (`worker_threads.threadId`; 0 is the main thread). */
  readonly threadId: number;
  /** The lowest position the rebuilt tables reflect. */
  readonly position: bigint;
  /** Events read and applied (or parked) so far, catching up included. */
  readonly eventsProcessed: bigint;
}

/** What the read side asks of a rebuilder, whether it runs rebuilds on its own thread or on another. */
export interface ProjectionRebuilds {
  /** Claims a rebuild and runs it in the background; `RebuildAlreadyRunningError` while one runs. */
  start(names: readonly ProjectionName[]): Promise<RebuildJobView>;
  /** The rebuild running in this process, if any: tests and shutdown wait for it. */
  readonly current: Promise<RebuildJobView> | undefined;
  /** The latest progress of the rebuild running (or last run) in this process. */
  readonly progress: RebuildProgress | undefined;
  stop(): Promise<void>;
  cleanUpAbandoned(): Promise<void>;
  job(jobId: string): Promise<RebuildJobView | undefined>;
  recentJobs(): Promise<RebuildJobView[]>;
}

export class RebuildAlreadyRunningError extends Error {
  override readonly name = 'RebuildAlreadyRunningError';
  constructor(readonly jobId: string) {
    super(`rebuild ${jobId} is still running; wait for it to finish`);
  }
}

class RebuildStoppedError extends Error {
  override readonly name = 'RebuildStoppedError';
  constructor() {
    super('the rebuild was stopped');
  }
}

class RebuildTakenOverError extends Error {
  override readonly name = 'RebuildTakenOverError';
  constructor(jobId: string, status: string) {
    super(`rebuild ${jobId} is ${status}; another process took it over`);
  }
}

export function rebuildErrorCodeOf(error: unknown): RebuildErrorCode {
  if (error instanceof RebuildStoppedError) return 'REBUILD_STOPPED';
  if (error instanceof RebuildTakenOverError) return 'REBUILD_TAKEN_OVER';
  if (error instanceof ReadStoreUnavailableError) return 'READ_STORE_UNAVAILABLE';
  if (error instanceof EventSourceError) return 'EVENT_SOURCE_UNAVAILABLE';
  return 'REBUILD_FAILED';
}

export interface ProjectionRebuilderOptions {
  /** Told to reload its checkpoints once rebuilt tables are switched in. */
  readonly runner?: { requestReload(): void };
  /** Called once rebuilt tables are switched in (a rebuild on another thread tells the live runner through it). */
  readonly onSwitchedIn?: () => void;
  /** Taken around every write when the store takes one writer at a time and the live runner writes from another thread. */
  readonly writeGate?: WriteGate;
  readonly batchEventCountMax?: number;
  readonly logger?: RunnerLogger;
  readonly now?: () => Date;
  readonly leaseMs?: number;
  /** Called after each batch (tests use it to stop a rebuild half-way). */
  readonly onBatch?: (view: { readonly jobId: string; readonly position: bigint; readonly eventsProcessed: bigint }) => void | Promise<void>;
}

/**
 * Rebuilds projections from position zero without stopping queries. The new tables are built
 * beside the live ones (`{table}__rebuild`), loaded without secondary indexes, indexed once, brought
 * up to the store's head, and then switched in by renaming inside one transaction that also moves
 * the checkpoint. Queries read the old tables until that commit and the new ones after it.
 *
 * One rebuild runs at a time across processes: the job's row in `projection_rebuilds` is its
 * lease, renewed by every batch. A job whose process died is taken over after `rebuildLeaseMs`.
 */
export class ProjectionRebuilder implements ProjectionRebuilds {
  private readonly statements = new StatementCache();
  private latestProgress: RebuildProgress | undefined;
  private processed = 0n;
  private readonly logger: RunnerLogger;
  private readonly now: () => Date;
  private readonly batchEventCountMax: number;
  private readonly leaseMs: number;
  private running: { jobId: string; done: Promise<RebuildJobView>; cancelled: boolean } | undefined;

  constructor(
    private readonly store: ReadStore,
    private readonly source: ProjectionEventSource,
    private readonly options: ProjectionRebuilderOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.batchEventCountMax = options.batchEventCountMax ?? projectionBatchEventCountDefault;
    this.leaseMs = options.leaseMs ?? rebuildLeaseMs;
  }

  /** Claims the rebuild and runs it in the background on this thread; resolves with the job as started. */
  async start(names: readonly ProjectionName[]): Promise<RebuildJobView> {
    const jobId = await this.claim(names);
    const entry = { jobId, cancelled: false, done: Promise.resolve(undefined as unknown as RebuildJobView) };
    entry.done = this.runClaimed(jobId, names, () => entry.cancelled).finally(() => {
      if (this.running === entry) this.running = undefined;
    });
    // The outcome is recorded in the job's row; a failure is not an unhandled rejection.
    entry.done.catch(() => undefined);
    this.running = entry;
    return (await this.job(jobId)) as RebuildJobView;
  }

  /** Claims the rebuild and runs it to the end (the CLI). */
  async run(names: readonly ProjectionName[]): Promise<RebuildJobView> {
    const jobId = await this.claim(names);
    return this.runClaimed(jobId, names, () => false);
  }

  /** The job running in this process, if any: tests and shutdown wait for it. */
  get current(): Promise<RebuildJobView> | undefined {
    return this.running?.done;
  }

  get progress(): RebuildProgress | undefined {
    return this.latestProgress;
  }

  /** Events processed by the job this rebuilder runs (or ran last). */
  get eventsProcessed(): bigint {
    return this.processed;
  }

  /** Stops a rebuild running in this process; its tables are dropped and the live ones stay. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.cancelled = true;
    await running.done.catch(() => undefined);
  }

  /**
   * At start-up: a rebuild whose process died is marked abandoned once its lease has run out, and
   * when no rebuild is running the tables it left behind are dropped. The live tables are intact
   * either way: a rebuild touches them only in its final switch.
   */
  async cleanUpAbandoned(runningHere: string | undefined = this.running?.jobId): Promise<void> {
    await this.write(async () => {
      await ensureBookkeepingTables(this.store.writer);
      const now = this.now();
      const running = await this.store.writer.selectFrom('projection_rebuilds').select(['job_id', 'heartbeat_at']).where('status', '=', 'running').execute();
      let alive = false;
      for (const job of running) {
        if (runningHere === job.job_id || now.getTime() - Date.parse(job.heartbeat_at) < this.leaseMs) {
          alive = true;
          continue;
        }
        await this.store.writer
          .updateTable('projection_rebuilds')
          .set({ status: 'abandoned', finished_at: now.toISOString(), error: 'REBUILD_ABANDONED' satisfies RebuildErrorCode })
          .where('job_id', '=', job.job_id)
          .where('status', '=', 'running')
          .execute();
      }
      if (!alive) await this.discard(projectionNames.map(projectionNamed));
    });
  }

  async job(jobId: string): Promise<RebuildJobView | undefined> {
    const row = await this.store.reader.selectFrom('projection_rebuilds').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    return row ? toView(row) : undefined;
  }

  async recentJobs(): Promise<RebuildJobView[]> {
    const rows = await this.store.reader.selectFrom('projection_rebuilds').selectAll().orderBy('started_at', 'desc').limit(rebuildJobsListedMax).execute();
    return rows.map(toView);
  }

  /**
   * Records a new running job, unless another holds a live lease (`RebuildAlreadyRunningError`);
   * a job whose lease ran out is marked abandoned. Two processes claiming at once cannot both
   * succeed: the second insert of a running job fails on the index that allows one.
   */
  async claim(names: readonly ProjectionName[]): Promise<string> {
    if (names.length === 0) throw new Error('name at least one projection to rebuild');
    await this.write(() => ensureBookkeepingTables(this.store.writer));
    const head = await this.source.headPosition();
    const jobId = randomUUID();
    const now = this.now();
    try {
      await this.write(() => this.store.writer.transaction().execute(async (trx) => {
        await this.refuseWhileRunning(trx, now, true);
        const generation = (await highestGeneration(trx)) + 1;
        await trx
          .insertInto('projection_rebuilds')
          .values({
            job_id: jobId,
            projections: names.join(','),
            status: 'running',
            phase: 'preparing',
            generation,
            position: -1n,
            head_at_start: head,
            events_processed: 0n,
            started_at: now.toISOString(),
            heartbeat_at: now.toISOString(),
            finished_at: null,
            error: null,
          })
          .execute();
      }));
    } catch (error) {
      if (error instanceof RebuildAlreadyRunningError) throw error;
      // Another process's claim committed between our check and our insert: theirs runs.
      await this.refuseWhileRunning(this.store.writer, now, false);
      throw error;
    }
    return jobId;
  }

  /** Throws `RebuildAlreadyRunningError` for a running job with a live lease; marks the others abandoned when asked. */
  private async refuseWhileRunning(db: Kysely<ReadDatabase>, now: Date, abandonExpired: boolean): Promise<void> {
    const running = await db.selectFrom('projection_rebuilds').select(['job_id', 'heartbeat_at']).where('status', '=', 'running').execute();
    for (const other of running) {
      if (now.getTime() - Date.parse(other.heartbeat_at) < this.leaseMs) throw new RebuildAlreadyRunningError(other.job_id);
      if (!abandonExpired) continue;
      await db
        .updateTable('projection_rebuilds')
        .set({ status: 'abandoned', finished_at: now.toISOString(), error: 'REBUILD_ABANDONED' satisfies RebuildErrorCode })
        .where('job_id', '=', other.job_id)
        .execute();
    }
  }

  /** Runs a job claimed by `claim`, on this thread, to its end; `cancelled` is asked between batches. */
  async runClaimed(jobId: string, names: readonly ProjectionName[], cancelled: () => boolean): Promise<RebuildJobView> {
    const projections = names.map(projectionNamed);
    const started = Date.now();
    this.processed = 0n;
    this.latestProgress = { jobId, threadId, position: -1n, eventsProcessed: 0n };
    try {
      const generation = await this.prepare(jobId, projections);
      const targets: BatchTarget[] = projections.map((projection) => ({
        projection,
        checkpointName: rebuildCheckpointName(projection.name),
        physicalName: shadowTableName,
        position: -1n,
      }));
      const decoder = new EventDecoder();
      await this.setPhase(jobId, 'building');
      await this.catchUp(jobId, targets, decoder, cancelled);
      const built = Date.now();
      await this.setPhase(jobId, 'indexing');
      for (const projection of projections) {
        for (const table of projection.tables) await this.write(() => createIndexes(this.store.writer, table, shadowTableName(table.name), generation));
      }
      const indexed = Date.now();
      for (let attempt = 1; ; attempt += 1) {
        await this.setPhase(jobId, 'catching-up');
        await this.catchUp(jobId, targets, decoder, cancelled);
        await this.setPhase(jobId, 'switching');
        if (await this.switchIn(jobId, projections, targets, generation, attempt >= rebuildSwitchAttemptsMax)) break;
      }
      this.options.runner?.requestReload();
      this.options.onSwitchedIn?.();
      await this.write(() => dropTables(this.store.writer, projections.flatMap((projection) => projection.tables.map((table) => retiredTableName(table.name)))));
      const view = (await this.job(jobId)) as RebuildJobView;
      this.logger.log(
        `rebuild ${jobId} of ${names.join(', ')}: ${view.eventsProcessed.toString()} events in ${Date.now() - started} ms (loading ${built - started} ms, indexing ${indexed - built} ms, catching up and switching ${Date.now() - indexed} ms)`,
      );
      return view;
    } catch (error) {
      const code = rebuildErrorCodeOf(error);
      this.logger.error(`rebuild ${jobId} of ${names.join(', ')} failed (${code}): ${errorText(error)}`);
      await this.write(() => this.discard(projections)).catch(() => undefined);
      await this.finish(jobId, 'failed', code).catch(() => undefined);
      throw error;
    }
  }

  /** Drops leftovers of an earlier rebuild, creates the new tables without secondary indexes and their starting rows. */
  private async prepare(jobId: string, projections: readonly Projection[]): Promise<number> {
    const row = await this.store.writer.selectFrom('projection_rebuilds').select('generation').where('job_id', '=', jobId).executeTakeFirstOrThrow();
    const generation = smallInteger(row.generation);
    await this.write(() => this.discard(projections));
    const now = this.now().toISOString();
    await this.write(() =>
      this.store.writer.transaction().execute(async (trx) => {
        for (const projection of projections) {
          await createTables(trx, projection.tables, shadowTableName, this.store.dialect, generation, { withIndexes: false });
          await projection.initialize(new BatchWriter(trx, this.statements, shadowTableName));
          await setCheckpoint(trx, rebuildCheckpointName(projection.name), -1n, now);
        }
      }),
    );
    return generation;
  }

  private async discard(projections: readonly Projection[]): Promise<void> {
    await dropTables(
      this.store.writer,
      projections.flatMap((projection) => projection.tables.flatMap((table) => [shadowTableName(table.name), retiredTableName(table.name)])),
    );
    const checkpointNames = projections.map((projection) => rebuildCheckpointName(projection.name));
    await this.store.writer.deleteFrom('projection_checkpoints').where('projection_name', 'in', checkpointNames).execute();
    await clearParkedEvents(this.store.writer, checkpointNames);
  }

  private async catchUp(jobId: string, targets: BatchTarget[], decoder: EventDecoder, cancelled: () => boolean): Promise<void> {
    for (;;) {
      if (cancelled()) throw new RebuildStoppedError();
      const after = lowestPosition(targets);
      let events: readonly ProjectionEvent[];
      try {
        events = await this.source.readAfter(after, this.batchEventCountMax);
      } catch (error) {
        throw new EventSourceError(error);
      }
      if (events.length === 0) return;
      const now = this.now().toISOString();
      // Applied whole when it can be; otherwise the events that fail alone are parked, as the runner does.
      await this.write(() =>
        applyParkingFailures(
          { db: this.store.writer, statements: this.statements, decoder, now, logger: this.logger, alsoInTransaction: (trx, move) => this.renewLease(trx, jobId, targets, events, move, now) },
          targets,
          events,
        ),
      );
      this.processed += BigInt(events.length);
      this.latestProgress = { jobId, threadId, position: lowestPosition(targets), eventsProcessed: this.processed };
      await this.options.onBatch?.({ jobId, position: lowestPosition(targets), eventsProcessed: BigInt(events.length) });
      // Queries and the live runner may share the thread: let them in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * In each transaction of a batch: the job's lease, its position (the lowest rebuilt checkpoint)
   * and the events that transaction takes that position past.
   */
  private async renewLease(trx: Transaction<ReadDatabase>, jobId: string, targets: readonly BatchTarget[], events: readonly ProjectionEvent[], move: CheckpointMove, now: string): Promise<void> {
    const row = await trx.selectFrom('projection_rebuilds').select(['events_processed', 'status']).where('job_id', '=', jobId).executeTakeFirstOrThrow();
    if (row.status !== 'running') throw new RebuildTakenOverError(jobId, row.status);
    const before = lowestPosition(targets);
    const after = lowestPosition(targets.map((target) => (move.targets.includes(target) && target.position < move.toPosition ? { position: move.toPosition } : target)));
    let passed = 0n;
    for (const event of events) if (event.position > before && event.position <= after) passed += 1n;
    await trx
      .updateTable('projection_rebuilds')
      .set({ position: after, events_processed: int64(row.events_processed) + passed, heartbeat_at: now })
      .where('job_id', '=', jobId)
      .execute();
  }

  /**
   * Renames the rebuilt tables into place and moves the checkpoints, in one transaction. While
   * the live tables are ahead of the rebuilt ones it declines (so queries never see the position
   * go back) unless `force`: then the live runner simply replays the difference.
   */
  private async switchIn(jobId: string, projections: readonly Projection[], targets: readonly BatchTarget[], generation: number, force: boolean): Promise<boolean> {
    const now = this.now().toISOString();
    return this.write(() => this.store.writer.transaction().execute(async (trx) => {
      const live = await loadCheckpoints(trx, projections.map((projection) => liveCheckpointName(projection.name)));
      const behind = targets.some((target) => (live.get(liveCheckpointName(target.projection.name)) ?? -1n) > target.position);
      if (behind && !force) return false;
      const present = new Set((await trx.introspection.getTables()).map((table) => table.name));
      for (const target of targets) {
        for (const table of target.projection.tables) {
          if (present.has(table.name)) await trx.schema.alterTable(table.name).renameTo(retiredTableName(table.name)).execute();
          await trx.schema.alterTable(shadowTableName(table.name)).renameTo(table.name).execute();
        }
        await setCheckpoint(trx, liveCheckpointName(target.projection.name), target.position, now);
        await trx.deleteFrom('projection_checkpoints').where('projection_name', '=', target.checkpointName).execute();
        // What the rebuild parked is what the new tables lack; events parked before and applied now are gone from the list.
        await takeOverParkedEvents(trx, target.checkpointName, liveCheckpointName(target.projection.name));
        await trx
          .insertInto('projection_generations')
          .values({ projection_name: target.projection.name, generation, schema_version: target.projection.schemaVersion, rebuilt_at: now })
          .onConflict((conflict) => conflict.column('projection_name').doUpdateSet({ generation, schema_version: target.projection.schemaVersion, rebuilt_at: now }))
          .execute();
      }
      // The switch is the job's outcome: it is recorded in the same commit.
      await trx.updateTable('projection_rebuilds').set({ status: 'completed', phase: 'done', heartbeat_at: now, finished_at: now }).where('job_id', '=', jobId).execute();
      return true;
    }));
  }

  private async setPhase(jobId: string, phase: RebuildPhase): Promise<void> {
    await this.write(() => this.store.writer.updateTable('projection_rebuilds').set({ phase, heartbeat_at: this.now().toISOString() }).where('job_id', '=', jobId).execute());
  }

  /** Records how a job ended, unless another process took it over meanwhile. */
  async finish(jobId: string, status: RebuildStatus, error: RebuildErrorCode | null): Promise<void> {
    await this.write(() =>
      this.store.writer
        .updateTable('projection_rebuilds')
        .set({ status, finished_at: this.now().toISOString(), error })
        .where('job_id', '=', jobId)
        .where('status', '=', 'running')
        .execute(),
    );
  }

  private write<T>(work: () => Promise<T>): Promise<T> {
    return exclusively(this.options.writeGate, work);
  }
}

function lowestPosition(targets: readonly { readonly position: bigint }[]): bigint {
  return targets.reduce((min, target) => (target.position < min ? target.position : min), targets[0].position);
}

function toView(row: {
  job_id: string;
  projections: string;
  status: string;
  phase: string;
  position: unknown;
  head_at_start: unknown;
  events_processed: unknown;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}): RebuildJobView {
  const headAtStart = int64(row.head_at_start);
  const eventsProcessed = int64(row.events_processed);
  const target = headAtStart + 1n;
  return {
    jobId: row.job_id,
    projections: row.projections.split(',').filter((name): name is ProjectionName => (projectionNames as readonly string[]).includes(name)),
    status: row.status as RebuildStatus,
    phase: row.phase as RebuildPhase,
    position: int64(row.position),
    headAtStart,
    eventsProcessed,
    progressPercent: target <= 0n ? 100 : Math.min(100, Number((eventsProcessed * 1000n) / target) / 10),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error as RebuildErrorCode | null,
  };
}
