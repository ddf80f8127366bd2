import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childMain } from '../support/child-process';
import { drive, peakRssMb, round, type DriveResult } from '../support/driver';
import { executeOnLedger, loadAccounts, seedRegistry, setUpBalances, startBenchLedger } from '../support/ledger';
import { StoreWindow, type StoreWindowStats } from '../support/store-stats';
import { WorkloadGenerator, workloadLayout } from '../support/workload';

export interface CommandsInProcessInput {
  /** A store made by the event generator; when absent, a fresh store is set up. */
  readonly dataDir?: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly seed: number;
  /** Run the projector in the same process (the single-node default); off by default, see `startBenchLedger`. */
  readonly projections?: boolean;
}

export interface CommandsInProcessOutput {
  readonly run: DriveResult;
  readonly store: StoreWindowStats;
  readonly eventsPerCommand: number;
  readonly setUpSeconds: number;
  /** Time to fold every workload account from the store once (a cold start). */
  readonly accountLoadMs: number;
  readonly eventsInStoreAtStart: number;
  readonly peakRssMb: number;
}

/** The HTTP workload through the command bus: no HTTP, many commands in flight, durable store. */
async function run(input: CommandsInProcessInput): Promise<CommandsInProcessOutput> {
  const dataDir = input.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-bench-commands-'));
  const layout = workloadLayout();
  const setUpStartedMs = performance.now();
  const ledger = await startBenchLedger(dataDir, { projections: input.projections ?? false });
  try {
    if (!input.dataDir) {
      await seedRegistry(ledger.app);
      await setUpBalances(ledger, layout);
    }
    const setUpSeconds = round((performance.now() - setUpStartedMs) / 1000, 2);
    const eventsInStoreAtStart = Number(await ledger.store.headPosition()) + 1;
    const accountLoadMs = round(await loadAccounts(ledger.app, layout), 1);
    const generator = new WorkloadGenerator(layout, input.seed, `inproc-${input.seed}-${Date.now()}`);
    const window = new StoreWindow(ledger.store);
    const result = await drive({
      next: () => generator.next(),
      execute: (command) => executeOnLedger(ledger.bus, command),
      concurrency: input.concurrency,
      warmupMs: input.warmupMs,
      durationMs: input.durationMs,
      onMeasureStart: () => window.open(),
      onMeasureEnd: () => window.close(),
    });
    if (result.errors > 0) throw new Error(`${result.errors} commands failed; first: ${result.firstError}`);
    const store = window.result();
    return {
      run: result,
      store,
      eventsPerCommand: result.accepted + result.refused > 0 ? round(store.eventsAppended / (result.accepted + result.refused), 3) : 0,
      setUpSeconds,
      accountLoadMs,
      eventsInStoreAtStart,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await ledger.close();
    if (!input.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) childMain(run);
