import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandsInProcessInput, CommandsInProcessOutput } from './scenarios/commands-in-process';
import type { EmmettInput, EmmettOutput } from './scenarios/emmett-commands';
import type { GenerateInput, GenerateOutput } from './scenarios/generate-events';
import type { HttpInput, HttpOutput } from './scenarios/http';
import type { RebuildInput, RebuildOutput } from './scenarios/projections';
import type { DurableInsertOutput, RawSqliteInput, ReadParseOutput } from './scenarios/raw-sqlite';
import { productNodeFlags, runTypeScriptChild } from './support/child-process';
import { readCpuProfile, summariseCpuProfile, type ProfileSummary } from './support/cpu-profile';
import { round } from './support/driver';
import { describeMachine, type MachineInfo } from './support/machine';
import { probeProjections } from './support/projections-probe';

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
}

export const sizeSettings: Readonly<Record<BenchSize, SizeSettings>> = {
  tiny: {
    http: { connections: 64, warmupSeconds: 0.5, durationSeconds: 1 },
    inProcess: { concurrency: 256, warmupMs: 300, durationMs: 1_000 },
    rawInsert: { warmupMs: 200, durationMs: 1_000 },
    emmett: { warmupMs: 200, durationMs: 1_000 },
    rebuildEvents: 20_000,
    growthEvents: [5_000, 20_000],
    growthNote: 'tiny size: stores of 5k and 20k events only prove the harness works; run --size small or full for figures',
    rounds: 1,
  },
  small: {
    http: { connections: 64, warmupSeconds: 2, durationSeconds: 5 },
    inProcess: { concurrency: 256, warmupMs: 1_000, durationMs: 5_000 },
    rawInsert: { warmupMs: 500, durationMs: 3_000 },
    emmett: { warmupMs: 500, durationMs: 3_000 },
    rebuildEvents: 1_000_000,
    growthEvents: [100_000, 1_000_000],
    growthNote: '10M events skipped at this size (about 17 minutes of generation and 9 GB of disk): run --size full',
    rounds: 2,
  },
  full: {
    http: { connections: 64, warmupSeconds: 3, durationSeconds: 10 },
    inProcess: { concurrency: 256, warmupMs: 2_000, durationMs: 10_000 },
    rawInsert: { warmupMs: 1_000, durationMs: 5_000 },
    emmett: { warmupMs: 1_000, durationMs: 5_000 },
    rebuildEvents: 1_000_000,
    growthEvents: [100_000, 1_000_000, 10_000_000],
    growthNote: null,
    rounds: 3,
  },
};

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

export type ScenarioStatus = 'measured' | 'pending' | 'skipped' | 'failed';

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly actual: number | null;
  readonly met: boolean | null;
}

export interface ScenarioRow {
  readonly id: string;
  readonly title: string;
  readonly status: ScenarioStatus;
  readonly reason?: string;
  /** Figures that are positive by nature: rates, latencies, memory. */
  readonly figures: Readonly<Record<string, number>>;
  /** Counts that may be zero (errors, refusals). */
  readonly counts: Readonly<Record<string, number>>;
  readonly ratios: Readonly<Record<string, number>>;
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
  readonly details?: unknown;
}

export interface GrowthPoint {
  readonly events: number;
  readonly generation: GenerateOutput | null;
  readonly commands: CommandsInProcessOutput | null;
  readonly rawReadParse: ReadParseOutput | null;
  readonly rebuild: RebuildOutput | null;
  readonly rebuildError?: string;
  readonly error?: string;
}

export interface BenchResults {
  readonly size: BenchSize;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly settings: SizeSettings;
  readonly scenarios: readonly ScenarioRow[];
  readonly growth: readonly GrowthPoint[];
  /** V8 flags of every child process: those `npm start` gives the API. Absent in results written before they were recorded. */
  readonly nodeFlags?: readonly string[];
  /** The main thread of the in-process command scenario. */
  readonly profile: ProfileSummary | null;
  /** The embedded store's writer thread in the same run. */
  readonly writerThreadProfile: ProfileSummary | null;
  /** The machine's 1-minute load average before each step; well above 1 before a step means it shared the cores. */
  readonly loadLog: readonly { readonly step: string; readonly loadAverage1m: number }[];
}

export const scenarioIds = [
  'http-trivial',
  'http-commands',
  'raw-durable-insert',
  'emmett-commands',
  'commands-in-process',
  'raw-read-parse',
  'rebuild',
  'growth',
  'roll-up',
] as const;

const scenariosDir = join(__dirname, 'scenarios');
export const peersDir = join(__dirname, 'peers');
const peersInstallTimeoutMs = 15 * 60_000;

function scenarioPath(name: string): string {
  return join(scenariosDir, `${name}.ts`);
}

/** True when the peers are installed and the native sqlite3 binding was built. */
function peersPresent(): boolean {
  return (
    existsSync(join(peersDir, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json')) &&
    existsSync(join(peersDir, 'node_modules', '@event-driven-io', 'emmett', 'package.json')) &&
    existsSync(join(peersDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
  );
}

/** Installs bench/peers from its lock file when missing; the reason when it cannot. */
export function ensurePeers(install: boolean, log: (line: string) => void): { available: boolean; reason: string | null } {
  if (peersPresent()) return { available: true, reason: null };
  if (!install) return { available: false, reason: 'skipped: bench/peers is not installed (run `npm run bench`, which installs it, or `npm ci --prefix bench/peers`)' };
  log('installing the comparison peers in bench/peers (npm ci; sqlite3 may compile from source)…');
  const result = spawnSync('npm', ['ci', '--prefix', peersDir, '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: peersInstallTimeoutMs });
  if (result.status !== 0 || !peersPresent()) {
    const output = `${result.error?.message ?? ''} ${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ');
    return { available: false, reason: `skipped: installing bench/peers failed (${output || `exit ${String(result.status)}`})` };
  }
  return { available: true, reason: null };
}

function positive(figures: Record<string, number | null | undefined>): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [name, value] of Object.entries(figures)) if (typeof value === 'number' && Number.isFinite(value) && value > 0) kept[name] = value;
  return kept;
}

function check(name: string, target: string, actual: number | null, met: (value: number) => boolean): TargetCheck {
  return { name, target, actual, met: actual === null ? null : met(actual) };
}

function failedRow(id: string, title: string, error: unknown): ScenarioRow {
  const message = error instanceof Error ? error.message : String(error);
  return { id, title, status: 'failed', reason: `failed: ${message.split('\n')[0]}`, figures: {}, counts: {}, ratios: {}, targets: [], notes: [], details: { error: message } };
}

function pendingRow(id: string, title: string, reason: string, targets: readonly TargetCheck[], notes: readonly string[] = []): ScenarioRow {
  return { id, title, status: reason.startsWith('skipped') ? 'skipped' : 'pending', reason, figures: {}, counts: {}, ratios: {}, targets, notes };
}

/** The middle value; the mean of the two middle values when there is an even number. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median rate of several runs, and the run closest to it (whose latencies are reported). */
function medianRun<T>(runs: readonly T[], rateOf: (run: T) => number): { median: number; run: T; rates: number[] } | null {
  if (runs.length === 0) return null;
  const rates = runs.map(rateOf);
  const middle = median(rates);
  const closest = runs.reduce((best, run) => (Math.abs(rateOf(run) - middle) < Math.abs(rateOf(best) - middle) ? run : best));
  return { median: round(middle, 1), run: closest, rates };
}

function httpCommandsPerSecond(output: HttpOutput): number {
  const measured = output.load.measured;
  return round(((measured.statusCounts['201'] ?? 0) + (measured.statusCounts['422'] ?? 0)) / measured.durationSeconds, 1);
}

async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Runs every scenario, each in its own process, one after another (they would otherwise share
 * the two cores), and returns the figures, their ratios against references measured in the same
 * run, and the targets. It never fails on a missed target: the report says so.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? (() => undefined);
  const settings = sizeSettings[options.size];
  const seed = options.seed ?? 20_240_615;
  const startedAt = new Date();
  const machine = describeMachine();
  const rows: ScenarioRow[] = [];
  const childTimeoutMs = (seconds: number): number => seconds * 1000 + 300_000;
  // Other work on the machine skews a benchmark: the load average before each step shows it.
  const loadLog: { step: string; loadAverage1m: number }[] = [];
  const step = (name: string): void => {
    loadLog.push({ step: name, loadAverage1m: round(os.loadavg()[0], 2) });
    log(name);
  };

  // Each reference is measured next to the figure it is compared with, in rounds whose order
  // alternates; a ratio is taken within a round and the median over rounds is reported, so that
  // a burst of other work on the machine moves one round, not the verdict.
  const rounds = settings.rounds;

  // HTTP: the trivial validated route and the ledger, with the same load settings.
  const preparedRequests = Math.min(400_000, Math.ceil(25_000 * (settings.http.warmupSeconds + settings.http.durationSeconds)));
  const httpInput = (mode: HttpInput['mode']): HttpInput => ({ mode, ...settings.http, seed, preparedRequests });
  const httpRuns: Record<HttpInput['mode'], HttpOutput[]> = { trivial: [], ledger: [] };
  const httpErrors: Partial<Record<HttpInput['mode'], unknown>> = {};
  const httpRatios: number[] = [];
  for (let index = 0; index < rounds; index += 1) {
    const order: HttpInput['mode'][] = index % 2 === 0 ? ['trivial', 'ledger'] : ['ledger', 'trivial'];
    const thisRound: Partial<Record<HttpInput['mode'], HttpOutput>> = {};
    for (const mode of order) {
      step(`http round ${index + 1}/${rounds}: ${mode === 'trivial' ? 'trivial validated route' : 'ledger commands'}…`);
      const result = await attempt(() => runTypeScriptChild<HttpOutput>(scenarioPath('http'), httpInput(mode), { timeoutMs: childTimeoutMs(settings.http.durationSeconds * 2) }));
      if (result.ok) {
        thisRound[mode] = result.value;
        httpRuns[mode].push(result.value);
      } else httpErrors[mode] ??= result.error;
    }
    if (thisRound.trivial && thisRound.ledger) httpRatios.push(httpCommandsPerSecond(thisRound.ledger) / thisRound.trivial.load.measured.requestsPerSecond);
  }
  const trivial = medianRun(httpRuns.trivial, (run) => run.load.measured.requestsPerSecond);
  if (trivial) {
    const measured = trivial.run.load.measured;
    rows.push({
      id: 'http-trivial',
      title: 'HTTP reference: trivial validated Nest/Fastify route',
      status: 'measured',
      figures: positive({ requestsPerSecond: trivial.median, p50Ms: measured.latencyMs.p50, p99Ms: measured.latencyMs.p99, peakRssMb: trivial.run.peakRssMb }),
      counts: { requests: measured.totalRequests, errors: measured.errors, timeouts: measured.timeouts, non201: measured.totalRequests - (measured.statusCounts['201'] ?? 0), rounds: trivial.rates.length },
      ratios: {},
      targets: [],
      notes: [
        `${settings.http.connections} connections, autocannon in another process, ${settings.http.durationSeconds} s after a ${settings.http.warmupSeconds} s warm-up`,
        `median of ${trivial.rates.length} round(s): ${trivial.rates.map((rate) => Math.round(rate)).join(', ')} requests/s; latencies are those of the median round`,
      ],
      details: { rounds: httpRuns.trivial },
    });
  } else rows.push(failedRow('http-trivial', 'HTTP reference: trivial validated Nest/Fastify route', httpErrors.trivial));
  const ledgerHttp = medianRun(httpRuns.ledger, httpCommandsPerSecond);
  if (ledgerHttp) {
    const measured = ledgerHttp.run.load.measured;
    const created = measured.statusCounts['201'] ?? 0;
    const refused = measured.statusCounts['422'] ?? 0;
    const ratio = httpRatios.length > 0 ? round(median(httpRatios), 3) : null;
    rows.push({
      id: 'http-commands',
      title: 'HTTP commands (80% disbursements, 20% allocations, durable store)',
      status: 'measured',
      figures: positive({
        commandsPerSecond: ledgerHttp.median,
        p50Ms: measured.latencyMs.p50,
        p90Ms: measured.latencyMs.p90,
        p99Ms: measured.latencyMs.p99,
        peakRssMb: ledgerHttp.run.peakRssMb,
        eventsPerTransaction: ledgerHttp.run.store?.eventsPerTransaction,
        accounts: ledgerHttp.run.accounts,
      }),
      counts: {
        created201: created,
        refused422: refused,
        otherStatus: measured.totalRequests - created - refused,
        errors: measured.errors,
        timeouts: measured.timeouts,
        transactionsCommitted: ledgerHttp.run.store?.transactionsCommitted ?? 0,
        rounds: ledgerHttp.rates.length,
      },
      ratios: ratio === null ? {} : { vsTrivial: ratio },
      targets: [
        check('commands/s', '≥ 10,000', ledgerHttp.median, (value) => value >= 10_000),
        check('× trivial route', '≥ 0.6', ratio, (value) => value >= 0.6),
        check('p99 latency (ms)', '≤ 25', measured.latencyMs.p99, (value) => value <= 25),
      ],
      notes: [
        `${settings.http.connections} connections; refused (422) commands count as commands; any other status is an error`,
        `median of ${ledgerHttp.rates.length} round(s): ${ledgerHttp.rates.map((rate) => Math.round(rate)).join(', ')} commands/s; ratio per round: ${httpRatios.map((value) => round(value, 2)).join(', ')}`,
      ],
      details: { rounds: httpRuns.ledger, ratiosPerRound: httpRatios },
    });
  } else rows.push(failedRow('http-commands', 'HTTP commands', httpErrors.ledger));

  // In process: raw durable inserts, Emmett and the ledger, in rounds of alternating order.
  const peers = ensurePeers(options.installPeers, log);
  const inProcessInput: CommandsInProcessInput = { ...settings.inProcess, seed };
  type InProcessKind = 'raw' | 'emmett' | 'ledger';
  const rawRuns: DurableInsertOutput[] = [];
  const emmettRuns: EmmettOutput[] = [];
  const ledgerRuns: CommandsInProcessOutput[] = [];
  const inProcessErrors: Partial<Record<InProcessKind, unknown>> = {};
  const vsRawRatios: number[] = [];
  const vsEmmettRatios: number[] = [];
  for (let index = 0; index < rounds; index += 1) {
    const kinds: InProcessKind[] = peers.available ? ['raw', 'emmett', 'ledger'] : ['raw', 'ledger'];
    if (index % 2 === 1) kinds.reverse();
    let rawRate: number | null = null;
    let emmettRate: number | null = null;
    let ledgerRate: number | null = null;
    for (const kind of kinds) {
      if (kind === 'raw') {
        step(`in process round ${index + 1}/${rounds}: raw better-sqlite3, one event per durable transaction…`);
        const result = await attempt(() =>
          runTypeScriptChild<DurableInsertOutput>(scenarioPath('raw-sqlite'), { mode: 'durable-insert', ...settings.rawInsert } satisfies RawSqliteInput, {
            timeoutMs: childTimeoutMs(settings.rawInsert.durationMs / 1000),
          }),
        );
        if (result.ok) {
          rawRuns.push(result.value);
          rawRate = result.value.transactionsPerSecond;
        } else inProcessErrors.raw ??= result.error;
      } else if (kind === 'emmett') {
        step(`in process round ${index + 1}/${rounds}: Emmett on @event-driven-io/emmett-sqlite…`);
        const result = await attempt(() =>
          runTypeScriptChild<EmmettOutput>(scenarioPath('emmett-commands'), { ...settings.emmett, seed } satisfies EmmettInput, { timeoutMs: childTimeoutMs(settings.emmett.durationMs / 1000) }),
        );
        if (result.ok) {
          emmettRuns.push(result.value);
          emmettRate = result.value.run.commandsPerSecond;
        } else inProcessErrors.emmett ??= result.error;
      } else {
        step(`in process round ${index + 1}/${rounds}: ledger commands through the command bus…`);
        const result = await attempt(() => runTypeScriptChild<CommandsInProcessOutput>(scenarioPath('commands-in-process'), inProcessInput, { timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000) }));
        if (result.ok) {
          ledgerRuns.push(result.value);
          ledgerRate = result.value.run.commandsPerSecond;
        } else inProcessErrors.ledger ??= result.error;
      }
    }
    if (ledgerRate !== null && rawRate) vsRawRatios.push(ledgerRate / rawRate);
    if (ledgerRate !== null && emmettRate) vsEmmettRatios.push(ledgerRate / emmettRate);
  }

  const raw = medianRun(rawRuns, (run) => run.transactionsPerSecond);
  rows.push(
    raw
      ? {
          id: 'raw-durable-insert',
          title: 'Reference (1): raw better-sqlite3, one event row per durable transaction',
          status: 'measured',
          figures: positive({ transactionsPerSecond: raw.median, peakRssMb: raw.run.peakRssMb }),
          counts: { transactions: raw.run.transactions, synchronous: raw.run.synchronous, rounds: raw.rates.length },
          ratios: {},
          targets: [],
          notes: [
            'WAL, synchronous=FULL: every commit waits for the disk; this is the fsync rate of the machine for one small row',
            `median of ${raw.rates.length} round(s): ${raw.rates.map((rate) => Math.round(rate)).join(', ')} transactions/s`,
          ],
          details: { rounds: rawRuns },
        }
      : failedRow('raw-durable-insert', 'Reference (1): raw better-sqlite3 durable insert', inProcessErrors.raw),
  );

  const emmett = medianRun(emmettRuns, (run) => run.run.commandsPerSecond);
  if (!peers.available) {
    rows.push(pendingRow('emmett-commands', 'Reference (2): Emmett 0.42 on its SQLite event store', peers.reason ?? 'skipped', []));
  } else if (emmett) {
    const run = emmett.run;
    rows.push({
      id: 'emmett-commands',
      title: `Reference (2): Emmett ${run.emmettVersion} on its SQLite event store, one long-lived connection`,
      status: 'measured',
      figures: positive({ commandsPerSecond: emmett.median, p50Ms: run.run.latencyMs.p50, p99Ms: run.run.latencyMs.p99, peakRssMb: run.peakRssMb }),
      counts: { accepted: run.run.accepted, refused: run.run.refused, errors: run.run.errors, concurrency: run.concurrency, synchronous: run.synchronous, rounds: emmett.rates.length },
      ratios: {},
      targets: [],
      notes: [
        'same decider, events and metadata; commands one at a time (Emmett tracks transactions per connection, so concurrent commands on one connection would be acknowledged before their commit)',
        'allocations write the debit only (no process manager), so Emmett does a little less work per allocation than the ledger',
        `median of ${emmett.rates.length} round(s): ${emmett.rates.map((rate) => Math.round(rate)).join(', ')} commands/s`,
      ],
      details: { rounds: emmettRuns },
    });
  } else rows.push(failedRow('emmett-commands', 'Reference (2): Emmett on its SQLite event store', inProcessErrors.emmett));

  // The single-node default also runs the projector in the command process: once, for its cost.
  step('in process: ledger commands with the projector in the same process…');
  const withProjector = await attempt(() =>
    runTypeScriptChild<CommandsInProcessOutput>(scenarioPath('commands-in-process'), { ...inProcessInput, projections: true } satisfies CommandsInProcessInput, {
      timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000),
    }),
  );

  const ledger = medianRun(ledgerRuns, (run) => run.run.commandsPerSecond);
  if (ledger) {
    const output = ledger.run;
    const vsRaw = vsRawRatios.length > 0 ? round(median(vsRawRatios), 2) : null;
    const vsEmmett = vsEmmettRatios.length > 0 ? round(median(vsEmmettRatios), 2) : null;
    const ratios: Record<string, number> = {};
    if (vsRaw !== null) ratios.vsRawDurableInsert = vsRaw;
    if (vsEmmett !== null) ratios.vsEmmett = vsEmmett;
    rows.push({
      id: 'commands-in-process',
      title: 'Commands in process (same workload, CommandBus, no HTTP)',
      status: 'measured',
      figures: positive({
        commandsPerSecond: ledger.median,
        eventsPerSecond: round((output.store.eventsAppended * 1000) / output.run.elapsedMs, 1),
        p50Ms: output.run.latencyMs.p50,
        p99Ms: output.run.latencyMs.p99,
        eventsPerTransaction: output.store.eventsPerTransaction,
        eventsPerCommand: output.eventsPerCommand,
        peakRssMb: output.peakRssMb,
        commandsPerSecondWithProjector: withProjector.ok ? withProjector.value.run.commandsPerSecond : null,
      }),
      counts: {
        accepted: output.run.accepted,
        refused: output.run.refused,
        errors: output.run.errors,
        transactionsCommitted: output.store.transactionsCommitted,
        concurrency: settings.inProcess.concurrency,
        rounds: ledger.rates.length,
      },
      ratios,
      targets: [
        check('× raw durable insert (1)', '≥ 4', vsRaw, (value) => value >= 4),
        check('× Emmett (2)', '≥ 20', vsEmmett, (value) => value >= 20),
      ],
      notes: [
        `${settings.inProcess.concurrency} commands in flight; the write side as an API replica runs it (LEDGER_PROJECTIONS=false); allocations are credited by the transfer process manager during the run`,
        withProjector.ok
          ? `with the projector in the same process (the single-node default) one run gave ${Math.round(withProjector.value.run.commandsPerSecond)} commands/s, p99 ${withProjector.value.run.latencyMs.p99} ms, peak RSS ${withProjector.value.peakRssMb} MB`
          : `the run with the projector in the same process failed: ${String(withProjector.error).split('\n')[0]}`,
        `median of ${ledger.rates.length} round(s): ${ledger.rates.map((rate) => Math.round(rate)).join(', ')} commands/s; × raw per round: ${vsRawRatios.map((value) => round(value, 2)).join(', ')}; × Emmett per round: ${vsEmmettRatios.map((value) => round(value, 2)).join(', ') || '—'}`,
      ],
      details: { rounds: ledgerRuns, vsRawPerRound: vsRawRatios, vsEmmettPerRound: vsEmmettRatios, withProjector: withProjector.ok ? withProjector.value : null },
    });
  } else rows.push(failedRow('commands-in-process', 'Commands in process', inProcessErrors.ledger));

  let profile: ProfileSummary | null = null;
  let writerThreadProfile: ProfileSummary | null = null;
  if (options.profile) {
    step('profiling the in-process command scenario (node --cpu-prof)…');
    const profileDir = options.keepProfileDir ?? mkdtempSync(join(tmpdir(), 'ledger-bench-profile-'));
    mkdirSync(profileDir, { recursive: true });
    const profiled = await attempt(() =>
      runTypeScriptChild<CommandsInProcessOutput>(scenarioPath('commands-in-process'), inProcessInput, {
        nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
        timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000),
      }),
    );
    // One file per thread, named CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; thread 0 is the main one.
    const files = existsSync(profileDir) ? readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')) : [];
    const threadOf = (name: string): number => Number(/\.(\d+)\.\d+\.cpuprofile$/.exec(name)?.[1] ?? -1);
    const mainFile = files.find((name) => threadOf(name) === 0);
    const writerFile = files.find((name) => threadOf(name) > 0);
    if (profiled.ok && mainFile !== undefined) {
      const window = profiled.value.run.windowMicroseconds;
      profile = summariseCpuProfile(readCpuProfile(join(profileDir, mainFile)), window);
      writerThreadProfile = writerFile === undefined ? null : summariseCpuProfile(readCpuProfile(join(profileDir, writerFile)), window, 8);
    } else {
      log(`profile not available: ${profiled.ok ? 'no .cpuprofile of the main thread written' : String(profiled.error)}`);
    }
    if (!options.keepProfileDir) rmSync(profileDir, { recursive: true, force: true });
  }

  // Stores of growing size: generated once each, then read raw, rebuilt, queried and written to.
  const projections = probeProjections();
  const storeSizes = [...new Set([...settings.growthEvents, settings.rebuildEvents])].sort((a, b) => a - b);
  const growth: GrowthPoint[] = [];
  let rebuildReference: ReadParseOutput | null = null;
  let rebuildReferenceError: unknown = null;
  let rebuildResult: { ok: true; value: RebuildOutput } | { ok: false; error: unknown } | null = null;
  for (const events of storeSizes) {
    const dataDir = mkdtempSync(join(tmpdir(), `ledger-bench-store-${events}-`));
    const eventFile = join(dataDir, 'events.sqlite');
    try {
      step(`store of ${events.toLocaleString('en')} events: generating…`);
      const generated = await runTypeScriptChild<GenerateOutput>(scenarioPath('generate-events'), { dataDir, events, seed } satisfies GenerateInput, { timeoutMs: 60 * 60_000 });
      step(`store of ${events.toLocaleString('en')} events: raw read-and-parse…`);
      const rawRead = await runTypeScriptChild<ReadParseOutput>(scenarioPath('raw-sqlite'), { mode: 'read-parse', eventFile } satisfies RawSqliteInput, { timeoutMs: 60 * 60_000 });
      if (events === settings.rebuildEvents) rebuildReference = rawRead;
      let rebuild: { ok: true; value: RebuildOutput } | { ok: false; error: unknown } | null = null;
      if (projections.rebuildAvailable) {
        step(`store of ${events.toLocaleString('en')} events: rebuild of all read models…`);
        rebuild = await attempt(() => runTypeScriptChild<RebuildOutput>(scenarioPath('projections'), { eventFile, rollUpQueries: options.size === 'tiny' ? 50 : 500 } satisfies RebuildInput, { timeoutMs: 60 * 60_000 }));
        if (events === settings.rebuildEvents) rebuildResult = rebuild;
      }
      if (settings.growthEvents.includes(events)) {
        step(`store of ${events.toLocaleString('en')} events: commands in process…`);
        const commands = await runTypeScriptChild<CommandsInProcessOutput>(scenarioPath('commands-in-process'), { ...inProcessInput, dataDir } satisfies CommandsInProcessInput, {
          timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000) + 30 * 60_000,
        });
        growth.push({
          events,
          generation: generated,
          commands,
          rawReadParse: rawRead,
          rebuild: rebuild?.ok ? rebuild.value : null,
          ...(rebuild && !rebuild.ok ? { rebuildError: rebuild.error instanceof Error ? rebuild.error.message : String(rebuild.error) } : {}),
        });
      }
    } catch (error) {
      if (events === settings.rebuildEvents) rebuildReferenceError = error;
      if (settings.growthEvents.includes(events)) {
        growth.push({ events, generation: null, commands: null, rawReadParse: null, rebuild: null, error: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  rows.push(
    rebuildReference
      ? {
          id: 'raw-read-parse',
          title: `Reference: raw better-sqlite3 read-and-parse of ${settings.rebuildEvents.toLocaleString('en')} events`,
          status: 'measured',
          figures: positive({ eventsPerSecond: rebuildReference.eventsPerSecond, seconds: rebuildReference.seconds, peakRssMb: rebuildReference.peakRssMb, megabytesRead: rebuildReference.megabytesRead }),
          counts: { events: rebuildReference.events },
          ratios: {},
          targets: [],
          notes: ['every event in position order, JSON of data and metadata parsed; what any rebuild must at least do'],
          details: rebuildReference,
        }
      : failedRow('raw-read-parse', 'Reference: raw read-and-parse', rebuildReferenceError ?? 'no store was generated'),
  );
  const rebuildTitle = `Rebuild of all read models from ${settings.rebuildEvents.toLocaleString('en')} events`;
  if (rebuildResult?.ok) {
    const rebuilt = rebuildResult.value;
    const vsRaw = rebuildReference ? round(rebuilt.eventsPerSecond / rebuildReference.eventsPerSecond, 3) : null;
    rows.push({
      id: 'rebuild',
      title: rebuildTitle,
      status: 'measured',
      figures: positive({ eventsPerSecond: rebuilt.eventsPerSecond, seconds: rebuilt.seconds, peakRssMb: rebuilt.peakRssMb }),
      counts: { events: rebuilt.events, projections: rebuilt.projections.length },
      ratios: vsRaw === null ? {} : { vsRawReadParse: vsRaw },
      targets: [check('× raw read-and-parse', '≥ 0.5', vsRaw, (value) => value >= 0.5), check('peak RSS (MB)', '≤ 300', rebuilt.peakRssMb, (value) => value <= 300)],
      notes: [`ProjectionRebuilder.run(${rebuilt.projections.join(', ')}) into a fresh SQLite read store, indexing and switching in included`],
      details: rebuilt,
    });
  } else if (rebuildResult && !rebuildResult.ok) {
    rows.push(failedRow('rebuild', rebuildTitle, rebuildResult.error));
  } else {
    rows.push(
      pendingRow('rebuild', rebuildTitle, projections.rebuildReason || 'pending: projections not built yet', [
        check('× raw read-and-parse', '≥ 0.5', null, () => false),
        check('peak RSS (MB)', '≤ 300', null, () => false),
      ]),
    );
  }

  const measuredGrowth = growth.filter((point) => point.commands !== null);
  const rates = measuredGrowth.map((point) => point.commands?.run.commandsPerSecond ?? 0);
  const rss = measuredGrowth.map((point) => point.commands?.peakRssMb ?? 0);
  const spread = (values: number[]): number | null => (values.length >= 2 ? round(Math.max(...values) / Math.min(...values) - 1, 3) : null);
  const growthFigures: Record<string, number> = {};
  for (const point of measuredGrowth) {
    const label = point.events >= 1_000_000 ? `${point.events / 1_000_000}M` : `${point.events / 1000}k`;
    growthFigures[`commandsPerSecondAt${label}`] = point.commands?.run.commandsPerSecond ?? 0;
    growthFigures[`p99MsAt${label}`] = point.commands?.run.latencyMs.p99 ?? 0;
    growthFigures[`peakRssMbAt${label}`] = point.commands?.peakRssMb ?? 0;
    growthFigures[`rawReadEventsPerSecondAt${label}`] = point.rawReadParse?.eventsPerSecond ?? 0;
    growthFigures[`accountLoadMsAt${label}`] = point.commands?.accountLoadMs ?? 0;
    growthFigures[`rebuildEventsPerSecondAt${label}`] = point.rebuild?.eventsPerSecond ?? 0;
    growthFigures[`rollUpP99MsAt${label}`] = point.rebuild?.rollUp?.latencyMs.p99 ?? 0;
  }
  const rollUpP99s = measuredGrowth.map((point) => point.rebuild?.rollUp?.latencyMs.p99 ?? 0).filter((value) => value > 0);
  const rollUpSpread = rollUpP99s.length === measuredGrowth.length ? spread(rollUpP99s) : null;
  const rebuildRates = measuredGrowth.map((point) => point.rebuild?.eventsPerSecond ?? 0).filter((rate) => rate > 0);
  const rebuildSpread = rebuildRates.length === measuredGrowth.length ? spread(rebuildRates) : null;
  const growthFailed = growth.find((point) => point.error);
  rows.push({
    id: 'growth',
    title: `Growth: ${settings.growthEvents.map((count) => count.toLocaleString('en')).join(' / ')} events`,
    status: measuredGrowth.length >= 2 ? 'measured' : 'failed',
    reason: measuredGrowth.length >= 2 ? undefined : `failed: ${growthFailed?.error?.split('\n')[0] ?? 'fewer than two store sizes measured'}`,
    figures: positive(growthFigures),
    counts: { storeSizes: measuredGrowth.length },
    ratios: positive({ commandRateSpread: spread(rates), peakRssSpread: spread(rss), rebuildRateSpread: rebuildSpread, rollUpP99Spread: rollUpSpread }),
    targets: [
      check('command rate spread (max/min − 1)', '≤ 0.2', spread(rates), (value) => value <= 0.2),
      check('peak RSS spread (max/min − 1)', '≤ 0.2', spread(rss), (value) => value <= 0.2),
      check('roll-up p99 spread (max/min − 1)', '≤ 0.2', rollUpSpread, (value) => value <= 0.2),
      check('rebuild linear: rebuild events/s spread', '≤ 0.2', rebuildSpread, (value) => value <= 0.2),
    ],
    notes: [
      ...(settings.growthNote ? [settings.growthNote] : []),
      ...(rollUpSpread === null ? [`roll-up latency: ${projections.rebuildAvailable ? 'pending: no roll-up query measured' : projections.rollUpReason}`] : []),
      ...(projections.rebuildAvailable ? [] : [`rebuild rate: ${projections.rebuildReason}`]),
      'command rate is measured on the workload accounts, whose histories grow with the store',
    ],
    details: growth,
  });
  const rollUpTitle = `Roll-up query: province subtree summary, ${settings.rebuildEvents.toLocaleString('en')} events`;
  const rollUp = rebuildResult?.ok ? rebuildResult.value.rollUp : null;
  if (rollUp) {
    rows.push({
      id: 'roll-up',
      title: rollUpTitle,
      status: 'measured',
      figures: positive({ p50Ms: rollUp.latencyMs.p50, p90Ms: rollUp.latencyMs.p90, p99Ms: rollUp.latencyMs.p99, maxMs: rollUp.latencyMs.max }),
      counts: { queries: rollUp.queries, fundingLines: rollUp.lines },
      ratios: {},
      targets: [check('p99 latency (ms)', '≤ 20', rollUp.latencyMs.p99, (value) => value <= 20)],
      notes: [`localityRollup(province ${rollUp.localityId}, every funding line) on the rebuilt read store, one query at a time, after as many unmeasured`],
      details: rollUp,
    });
  } else if (rebuildResult && !rebuildResult.ok) {
    rows.push(failedRow('roll-up', rollUpTitle, rebuildResult.error));
  } else {
    const reason = rebuildResult?.ok && rebuildResult.value.rollUpMissing ? `pending: ${rebuildResult.value.rollUpMissing}` : projections.rollUpReason;
    rows.push(pendingRow('roll-up', rollUpTitle, reason, [check('p99 latency (ms)', '≤ 20', null, () => false)]));
  }

  const finishedAt = new Date();
  const order = new Map<string, number>(scenarioIds.map((id, index) => [id, index]));
  rows.sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
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
    loadLog,
  };
}
