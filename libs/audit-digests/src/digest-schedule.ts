import { DigestFailure, recordDigest, type DigestFailureCode, type DigestRecord, type DigestRecordEntry, type RecordDigestOutcome, type SigningKey } from '@ledger/audit';
import type { Clock } from '@ledger/commands';
import type { ProjectionEventSource, Projector } from '@ledger/read-models';

/**
 * After a start, the first digest waits this long when one is due (none recorded yet, or the last
 * is older than the interval): the process catches up first, and a process restarted in a loop
 * does not make a digest each time. It is the shortest interval, so it never waits longer than one.
 */
export const firstDigestDelayMs = 5 * 60_000;

export type DigestTickResult = RecordDigestOutcome | { readonly kind: 'failed'; readonly code: DigestFailureCode; readonly message: string };

export interface DigestScheduleStatus {
  /** True between `start` and `stop`: ticks are scheduled in this process. */
  readonly running: boolean;
  readonly made: number;
  readonly skipped: number;
  readonly failed: number;
  /** Failures since the last tick that made or skipped a digest: 0 when the last tick went well. */
  readonly consecutiveFailures: number;
  readonly lastDigest: DigestRecordEntry | null;
  readonly lastFailure: { readonly code: DigestFailureCode; readonly message: string; readonly at: string } | null;
  readonly nextTickAt: string | null;
}

export interface DigestScheduleLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface DigestScheduleDependencies {
  /** Every event in order; the store's own `readAll`, which the app closes only after the schedule stopped. */
  readonly source: ProjectionEventSource;
  readonly record: DigestRecord;
  /** `sqlite` or `eventstoredb`, written into each digest. */
  readonly store: string;
  readonly signingKey: () => SigningKey;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly logger: DigestScheduleLogger;
  /** Told of each tick's result (the metrics count them). */
  readonly onResult?: (result: DigestTickResult) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How long after a start the first tick waits: until the last digest is an interval old, and at least `firstDigestDelayMs`. */
export function firstTickDelayMs(lastCreatedAt: string | undefined, now: Date, intervalMs: number): number {
  const dueAt = lastCreatedAt === undefined ? now.getTime() : Date.parse(lastCreatedAt) + intervalMs;
  const untilDue = Number.isNaN(dueAt) ? 0 : dueAt - now.getTime();
  return Math.min(intervalMs, Math.max(firstDigestDelayMs, untilDue));
}

/**
 * Digests on a schedule: every interval, one digest over every event up to the store's end, kept
 * in the record — none when nothing was appended since the last. It runs beside the projections,
 * never on a request: one tick at a time (a tick asked for while one runs joins it), and a failed
 * tick is logged, counted and shown in health, and the next tick tries again; nothing a tick
 * meets stops the process. The timer does not keep the process alive.
 */
export class DigestSchedule implements Projector {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DigestTickResult> | undefined;
  private started = false;
  private nextTickAt: Date | null = null;
  private counts = { made: 0, skipped: 0, failed: 0, consecutiveFailures: 0 };
  private lastDigest: DigestRecordEntry | null = null;
  private lastFailure: DigestScheduleStatus['lastFailure'] = null;

  constructor(private readonly dependencies: DigestScheduleDependencies) {}

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    let last: DigestRecordEntry | undefined;
    try {
      last = this.dependencies.record.last();
    } catch (error) {
      // The first tick fails on the same record and says so in health; starting is not refused.
      this.dependencies.logger.warn(`the digest record cannot be read: ${describe(error)}`);
    }
    this.lastDigest = last ?? null;
    this.schedule(firstTickDelayMs(last?.createdAt, this.dependencies.clock.now(), this.dependencies.intervalMs));
    this.dependencies.logger.log(`digests every ${this.dependencies.intervalMs / 1000} s into ${this.dependencies.record.dir}; the last recorded: ${last ? `position ${last.position}, ${last.createdAt}` : 'none'}`);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextTickAt = null;
    await this.running;
  }

  /** One tick now; one already running is joined rather than doubled. Never rejects. */
  tick(): Promise<DigestTickResult> {
    if (!this.running) {
      this.running = this.runTick().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  get status(): DigestScheduleStatus {
    return { running: this.started, ...this.counts, lastDigest: this.lastDigest, lastFailure: this.lastFailure, nextTickAt: this.nextTickAt?.toISOString() ?? null };
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    this.nextTickAt = new Date(this.dependencies.clock.now().getTime() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const startedAt = Date.now();
      void this.tick()
        .catch(() => undefined)
        .then(() => this.schedule(Math.max(0, this.dependencies.intervalMs - (Date.now() - startedAt))));
    }, delayMs);
    this.timer.unref();
  }

  private async runTick(): Promise<DigestTickResult> {
    const { logger } = this.dependencies;
    let result: DigestTickResult;
    try {
      result = await recordDigest({ ...this.dependencies, now: this.dependencies.clock.now() });
    } catch (error) {
      result = error instanceof DigestFailure ? { kind: 'failed', code: error.code, message: error.message } : { kind: 'failed', code: 'STORE_READ_FAILED', message: describe(error) };
    }
    if (result.kind === 'failed') {
      this.counts.failed += 1;
      this.counts.consecutiveFailures += 1;
      this.lastFailure = { code: result.code, message: result.message, at: this.dependencies.clock.now().toISOString() };
      logger.warn(`no scheduled digest (${result.code}, ${this.counts.consecutiveFailures} in a row; the next tick tries again): ${result.message}`);
    } else {
      this.counts.consecutiveFailures = 0;
      if (result.kind === 'made') {
        this.counts.made += 1;
        this.lastDigest = result.entry;
        logger.log(`digest of ${result.entry.eventCount} events up to position ${result.entry.position} recorded: ${result.entry.file}, root ${result.entry.root}`);
      } else this.counts.skipped += 1;
    }
    try {
      this.dependencies.onResult?.(result);
    } catch (error) {
      // Counting a tick must not fail it, nor anything after it.
      logger.warn(`a scheduled digest's result could not be counted: ${describe(error)}`);
    }
    return result;
  }
}
