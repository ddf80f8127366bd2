/** How long and how large each scenario runs at each size of `npm run bench -- --size`. */
export type BenchSize = 'tiny' | 'small' | 'full';
export const benchSizes: readonly BenchSize[] = ['tiny', 'small', 'full'];

export interface SizeSettings {
  readonly http: { readonly connections: number; readonly warmupSeconds: number; readonly durationSeconds: number };
  readonly inProcess: { readonly concurrency: number; readonly warmupMs: number; readonly durationMs: number };
  readonly rawInsert: { readonly warmupMs: number; readonly durationMs: number };
  readonly emmett: { readonly warmupMs: number; readonly durationMs: number };
  /** Events in the store the rebuild and roll-up scenarios read (the brief's 1,000,000). */
  readonly rebuildEvents: number;
  /** Store sizes of the growth scenario; the largest of the brief's (10M) only at full size. */
  readonly growthEvents: readonly number[];
  readonly growthNote: string | null;
  /** Rounds of each ratio's pair (or trio), alternating their order; the median ratio is reported. */
  readonly rounds: number;
  /** The audit rows: events of the one account as-of balances are asked of (the brief's 100,000), queries per view, links timed. */
  readonly audit: { readonly accountEvents: number; readonly asOfQueries: number; readonly linkIterations: number };
}

/** The load is the same at every size (64 HTTP connections, 256 commands in flight); the windows grow. */
const httpConnections = 64;
const inProcessConcurrency = 256;
/** The raw insert and Emmett each run as long as the other, so their rates compare. */
const insertWindow = (warmupMs: number, durationMs: number) => ({ warmupMs, durationMs });

export const sizeSettings: Readonly<Record<BenchSize, SizeSettings>> = {
  tiny: {
    http: { connections: httpConnections, warmupSeconds: 0.5, durationSeconds: 1 },
    inProcess: { concurrency: inProcessConcurrency, warmupMs: 300, durationMs: 1_000 },
    rawInsert: insertWindow(200, 1_000),
    emmett: insertWindow(200, 1_000),
    rebuildEvents: 20_000,
    growthEvents: [5_000, 20_000],
    growthNote: 'tiny size: stores of 5k and 20k events only prove the harness works; run --size small or full for figures',
    rounds: 1,
    audit: { accountEvents: 5_000, asOfQueries: 5, linkIterations: 2_000 },
  },
  small: {
    http: { connections: httpConnections, warmupSeconds: 2, durationSeconds: 5 },
    inProcess: { concurrency: inProcessConcurrency, warmupMs: 1_000, durationMs: 5_000 },
    rawInsert: insertWindow(500, 3_000),
    emmett: insertWindow(500, 3_000),
    rebuildEvents: 1_000_000,
    growthEvents: [100_000, 1_000_000],
    growthNote: '10M events skipped at this size (about 17 minutes of generation and 9 GB of disk): run --size full',
    rounds: 2,
    audit: { accountEvents: 100_000, asOfQueries: 20, linkIterations: 20_000 },
  },
  full: {
    http: { connections: httpConnections, warmupSeconds: 3, durationSeconds: 10 },
    inProcess: { concurrency: inProcessConcurrency, warmupMs: 2_000, durationMs: 10_000 },
    rawInsert: insertWindow(1_000, 5_000),
    emmett: insertWindow(1_000, 5_000),
    rebuildEvents: 1_000_000,
    growthEvents: [100_000, 1_000_000, 10_000_000],
    growthNote: null,
    rounds: 3,
    audit: { accountEvents: 100_000, asOfQueries: 50, linkIterations: 50_000 },
  },
};
