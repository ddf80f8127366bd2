import os from 'node:os';
import { join } from 'node:path';
import type { CommandsInProcessInput } from '../scenarios/commands-in-process';
import type { BenchSize, SizeSettings } from '../sizes';
import { runTypeScriptChild, type ChildOptions } from './child-process';
import { round } from './driver';

/** What every pair of the run shares: the size, the seed, the log and the record of the machine's load. */
export interface BenchContext {
  readonly size: BenchSize;
  readonly settings: SizeSettings;
  readonly seed: number;
  readonly log: (line: string) => void;
  /** Logs the step about to run and records the load average before it. */
  step(name: string): void;
  /** Every step so far, with the 1-minute load average before it. */
  readonly loadLog: readonly { readonly step: string; readonly loadAverage1m: number }[];
}

export function createBenchContext(size: BenchSize, settings: SizeSettings, seed: number, log: (line: string) => void): BenchContext {
  // Other work on the machine skews a benchmark: the load average before each step shows it.
  const loadLog: { step: string; loadAverage1m: number }[] = [];
  return {
    size,
    settings,
    seed,
    log,
    loadLog,
    step: (name) => {
      loadLog.push({ step: name, loadAverage1m: round(os.loadavg()[0], 2) });
      log(name);
    },
  };
}

/** The modules in bench/scenarios, each run in a process of its own. */
export type ScenarioName = 'http' | 'commands-in-process' | 'emmett-commands' | 'raw-sqlite' | 'generate-events' | 'projections' | 'store-costs';

const scenariosDir = join(__dirname, '..', 'scenarios');

/** Runs one scenario in a fresh Node process, so its peak memory and its JIT state are its own. */
export function runScenario<T>(name: ScenarioName, input: unknown, options: ChildOptions): Promise<T> {
  return runTypeScriptChild<T>(join(scenariosDir, `${name}.ts`), input, options);
}

/** Starting a child from the TypeScript sources and setting up its ledger comes on top of the measured time. */
const childStartAndSetUpAllowanceMs = 300_000;

/** How long a child that measures for `measuredSeconds` may take before it is killed. */
export function childTimeoutMs(measuredSeconds: number): number {
  return measuredSeconds * 1000 + childStartAndSetUpAllowanceMs;
}

/** Generating, reading or rebuilding a store of 10M events takes minutes; an hour means it hangs. */
export const storeStepTimeoutMs = 60 * 60_000;

/** The one in-process workload: the pair, its profile and the growth points all run these settings. */
export function commandsInProcessInput(context: BenchContext): CommandsInProcessInput {
  return { ...context.settings.inProcess, seed: context.seed };
}
