import { auditRows } from './pairs/audit';
import { commandsVsRawInsertAndEmmett } from './pairs/commands-vs-raw-insert-and-emmett';
import { commandsOnGrowingStore, growthPoints, growthRow } from './pairs/growth';
import { httpCommandsVsTrivialRoute } from './pairs/http-commands-vs-trivial-route';
import { storeCostsRow } from './pairs/store-costs';
import { tokenVerificationRow } from './pairs/token-verification';
import { rebuildVsRawReadParseOnStore, rebuildVsRawReadParseRows } from './pairs/rebuild-vs-raw-read-parse';
import { reportRows } from './pairs/reports';
import { rollUpRow } from './pairs/roll-up';
import { scenarioIds, type BenchResults, type ScenarioRow } from './results';
import { sizeSettings, type BenchSize } from './sizes';
import { createBenchContext, type BenchContext } from './support/bench-context';
import { productNodeFlags } from './support/child-process';
import { profileCommandsInProcess } from './support/commands-in-process-profile';
import { round } from './support/driver';
import { generateStore, removeStore, temporaryStore, type StoreMeasurement } from './support/generated-store';
import { describeMachine } from './support/machine';

export interface BenchOptions {
  readonly size: BenchSize;
  /** Run the in-process command scenario once more under `node --cpu-prof` and summarise it. */
  readonly profile: boolean;
  /** Install bench/peers when missing (`npm ci`); otherwise a missing peer is reported as skipped. */
  readonly installPeers: boolean;
  /** Where to keep the raw `.cpuprofile` (never committed); by default it is deleted after summarising. */
  readonly keepProfileDir?: string;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

/** The seed of the workload and the generated stores when none is given: every run issues the same commands. */
const defaultSeed = 20_240_615;

/**
 * Runs every scenario pair, each scenario in its own process, one after another (they would
 * otherwise share the two cores), and returns the figures, their ratios against references
 * measured in the same run, and the targets. It never fails on a missed target: the report says so.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const settings = sizeSettings[options.size];
  const context = createBenchContext(options.size, settings, options.seed ?? defaultSeed, options.log ?? (() => undefined));
  const startedAt = new Date();
  const machine = describeMachine();
  const rows: ScenarioRow[] = [];

  rows.push(...(await httpCommandsVsTrivialRoute(context)));
  rows.push(await tokenVerificationRow(context, rows.find((row) => row.id === 'http-commands')?.figures.commandsPerSecond ?? null));
  rows.push(...(await commandsVsRawInsertAndEmmett(context, options.installPeers)));
  rows.push(await storeCostsRow(context));
  const { profile, writerThreadProfile } = options.profile ? await profileCommandsInProcess(context, options.keepProfileDir) : { profile: null, writerThreadProfile: null };

  // Stores of growing size: each generated once, then read raw, rebuilt, queried and written to.
  const stores: StoreMeasurement[] = [];
  for (const events of [...new Set([...settings.growthEvents, settings.rebuildEvents])].sort((a, b) => a - b)) {
    stores.push(await measureStore(context, events));
  }
  const rebuildStore = stores.find((store) => store.events === settings.rebuildEvents);
  const growth = growthPoints(context, stores);
  rows.push(...rebuildVsRawReadParseRows(context, rebuildStore));
  rows.push(growthRow(context, growth));
  rows.push(rollUpRow(context, rebuildStore?.rebuild ?? null));
  rows.push(...(await auditRows(context, rows.find((row) => row.id === 'commands-in-process'))));
  rows.push(...reportRows(context, rebuildStore?.rebuild ?? null));

  const finishedAt = new Date();
  const order = new Map<string, number>(scenarioIds.map((id, index) => [id, index]));
  rows.sort((a, b) => (order.get(a.id) ?? scenarioIds.length) - (order.get(b.id) ?? scenarioIds.length));
  return {
    size: options.size,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1),
    machine,
    nodeFlags: productNodeFlags(),
    settings,
    scenarios: rows,
    growth,
    profile,
    writerThreadProfile,
    loadLog: context.loadLog,
  };
}

/**
 * One store: generated, then the rebuild pair's steps, then (at a growth size) the commands. The
 * store is removed before the next is generated, so at most one is on disk.
 */
async function measureStore(context: BenchContext, events: number): Promise<StoreMeasurement> {
  const store = temporaryStore(events);
  let measured: StoreMeasurement = { events, generation: null, rawReadParse: null, rebuild: null, commands: null, error: null };
  try {
    measured = { ...measured, generation: await generateStore(context, store) };
    measured = { ...measured, ...(await rebuildVsRawReadParseOnStore(context, store)) };
    if (context.settings.growthEvents.includes(events)) measured = { ...measured, commands: await commandsOnGrowingStore(context, store) };
  } catch (error) {
    measured = { ...measured, error };
  } finally {
    removeStore(store);
  }
  return measured;
}
