import { createRequire } from 'node:module';

/**
 * Progress of a long pass (verify, digest, prove, replay, export) on stderr, so that stdout keeps
 * only the command's answer: on a terminal a bar with the rate and the time left, drawn by
 * `cli-progress`; otherwise (a pipe, a log file, CI) a plain line every few seconds.
 */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Seconds between plain progress lines. */
export const plainProgressIntervalMs = 5_000;

interface BarModule {
  SingleBar: new (options: Record<string, unknown>, preset?: unknown) => { start(total: number, value: number, payload?: Record<string, unknown>): void; update(value: number): void; setTotal(total: number): void; stop(): void };
  Presets: { shades_classic: unknown };
}

/** `cli-progress`, loaded when a bar is first drawn; undefined where it is not installed (the plain lines serve then). */
function barModule(): BarModule | undefined {
  try {
    return createRequire(__filename)('cli-progress') as BarModule;
  } catch {
    return undefined;
  }
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** One plain progress line: what is done of how much, the rate and the time left. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const share = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 100;
  const eta = rate > 0 ? Math.max(0, total - done) / rate : Number.POSITIVE_INFINITY;
  return `${label}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} events (${share}%), ${Math.round(rate).toLocaleString('en')} events/s, about ${formatSeconds(eta)} left`;
}

export function startProgress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const started = now();
  const module = stream.isTTY ? barModule() : undefined;
  if (module) {
    const bar = new module.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted}`, stream, hideCursor: true, clearOnComplete: true }, module.Presets.shades_classic);
    let drawing = false;
    return {
      update(done, total) {
        if (!drawing) {
          bar.start(total, done, { speed: "0" });
          drawing = true;
        }
        bar.setTotal(total);
        (bar.update as (value: number, payload: unknown) => void)(done, { speed: Math.round((done * 1000) / Math.max(1, now() - started)).toLocaleString('en') });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLineAt = started;
  return {
    update(done, total) {
      const at = now();
      if (at - lastLineAt < plainProgressIntervalMs) return;
      lastLineAt = at;
      stream.write(`${progressLine(label, done, total, at - started)}\n`);
    },
    stop: () => undefined,
  };
}
