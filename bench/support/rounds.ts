import { round } from './driver';

/**
 * Each reference is measured next to the figure it is compared with, in rounds whose order
 * alternates; a ratio is taken within a round and the median over rounds is reported, so that a
 * burst of other work on the machine moves one round, not the verdict.
 */

/** The middle value; the mean of the two middle values when there is an even number. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median rate of several runs, and the run closest to it (whose latencies are reported). */
export function medianRun<T>(runs: readonly T[], rateOf: (run: T) => number): { median: number; run: T; rates: number[] } | null {
  if (runs.length === 0) return null;
  const rates = runs.map(rateOf);
  const middle = median(rates);
  const closest = runs.reduce((best, run) => (Math.abs(rateOf(run) - middle) < Math.abs(rateOf(best) - middle) ? run : best));
  return { median: round(middle, 1), run: closest, rates };
}

/** The order of a round's runs: as given in even rounds, reversed in odd ones. */
export function alternatingOrder<T>(kinds: readonly T[], roundIndex: number): T[] {
  return roundIndex % 2 === 0 ? [...kinds] : [...kinds].reverse();
}

export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** A run that may fail without stopping the bench: its row then says why. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}
