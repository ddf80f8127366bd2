import { createHistogram } from 'node:perf_hooks';

export interface DriveOptions<C> {
  readonly next: () => C;
  /** Runs one command: resolves 'accepted' or 'refused'; a rejection counts as an error. */
  readonly execute: (command: C) => Promise<'accepted' | 'refused'>;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Called when the measured window opens, e.g. to take a snapshot of store counters. */
  readonly onMeasureStart?: () => void;
  readonly onMeasureEnd?: () => void;
}

export interface DriveResult {
  readonly commandsPerSecond: number;
  readonly accepted: number;
  readonly refused: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly elapsedMs: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** The measured window on the monotonic clock, in microseconds, to cut a CPU profile to it. */
  readonly windowMicroseconds: { readonly start: number; readonly end: number };
}

/** Errors beyond this stop the run: a benchmark of a failing system measures nothing. */
const errorCountMax = 100;

/**
 * Keeps `concurrency` commands in flight: a warm-up, then a measured window. Only commands that
 * complete inside the window count; commands still in flight when it closes finish unmeasured.
 */
export async function drive<C>(options: DriveOptions<C>): Promise<DriveResult> {
  const histogram = createHistogram();
  let phase: 'warmup' | 'measure' | 'drain' = 'warmup';
  let accepted = 0;
  let refused = 0;
  let errors = 0;
  let firstError: string | null = null;
  let measureStartMs = 0;
  let measureEndMs = 0;
  const window = { start: 0, end: 0 };

  const worker = async (): Promise<void> => {
    while (phase !== 'drain') {
      const command = options.next();
      const startedNs = process.hrtime.bigint();
      const measured = phase === 'measure';
      try {
        const outcome = await options.execute(command);
        if (measured && phase === 'measure') {
          if (outcome === 'accepted') accepted += 1;
          else refused += 1;
          histogram.record(Math.max(1, Number(process.hrtime.bigint() - startedNs)));
        }
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (errors > errorCountMax) phase = 'drain';
      }
    }
  };

  const timers = new Promise<void>((resolve) => {
    setTimeout(() => {
      if (phase === 'drain') return resolve();
      phase = 'measure';
      options.onMeasureStart?.();
      measureStartMs = performance.now();
      window.start = Number(process.hrtime.bigint() / 1000n);
      setTimeout(() => {
        measureEndMs = performance.now();
        window.end = Number(process.hrtime.bigint() / 1000n);
        if (phase === 'measure') phase = 'drain';
        options.onMeasureEnd?.();
        resolve();
      }, options.durationMs);
    }, options.warmupMs);
  });

  await Promise.all([timers, ...Array.from({ length: options.concurrency }, () => worker())]);
  const elapsedMs = Math.max(1, measureEndMs - measureStartMs);
  const toMs = (nanoseconds: number): number => round(nanoseconds / 1e6, 3);
  return {
    commandsPerSecond: round(((accepted + refused) * 1000) / elapsedMs, 1),
    accepted,
    refused,
    errors,
    firstError,
    elapsedMs: round(elapsedMs, 1),
    latencyMs: { p50: toMs(histogram.percentile(50)), p90: toMs(histogram.percentile(90)), p99: toMs(histogram.percentile(99)), max: toMs(histogram.max) },
    windowMicroseconds: window,
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}
