import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from './harness';
import { writeOutputs } from './main';
import { rollUpQueriesFor } from './pairs/roll-up';
import { scenarioIds, type BenchResults, type ScenarioRow } from './results';
import type { CommandsInProcessOutput } from './scenarios/commands-in-process';
import type { EmmettOutput } from './scenarios/emmett-commands';
import type { HttpOutput } from './scenarios/http';
import type { AutocannonRun } from './support/autocannon-runner';
import { productNodeFlags, repositoryRoot } from './support/child-process';
import type { ProfileSummary } from './support/cpu-profile';
import type { DriveResult } from './support/driver';
import { formatTable, generatedBegin, generatedEnd } from './support/report';
import { workloadLayout } from './support/workload';
import { postgresSkipReason } from '../test/support/postgres';

/**
 * The whole bench at tiny size, so it cannot rot. A test machine is not a benchmark machine, so
 * nothing here depends on how fast it ran: every row is present, each ratio is the one its
 * scenario and its reference in this run give, the command and event counts add up, the HTTP run
 * answered only with the statuses the workload expects, and the profile and the machine are
 * described. The peer (Emmett) is not installed by the test: without it its row must say why.
 */

/** The bench rounds a ratio to two or three decimals; half of the second is the most rounding can move it. */
const ratioRoundingTolerance = 0.005;
/** Each area's share is rounded to a tenth of a percent. */
const sharePercentRounding = 0.05;
/** Answers the HTTP workload expects: created, or refused because the account cannot pay (5% of commands overdraw). */
const expectedHttpStatuses = ['201', '422'];

/**
 * Each scenario with the reference it is measured against, and the figures the ratio divides.
 * Rates are measured in rounds beside their reference; the rebuild and its reference read the
 * same store one after the other, which the event counts show.
 */
const pairs = [
  { ratio: 'vsTrivial', scenario: 'http-commands', figure: 'commandsPerSecond', reference: 'http-trivial', referenceFigure: 'requestsPerSecond', inRounds: true },
  { ratio: 'vsRawDurableInsert', scenario: 'commands-in-process', figure: 'commandsPerSecond', reference: 'raw-durable-insert', referenceFigure: 'transactionsPerSecond', inRounds: true },
  { ratio: 'vsRawBatchedInsert', scenario: 'commands-in-process', figure: 'commandsPerSecond', reference: 'raw-batched-insert', referenceFigure: 'appendsPerSecond', inRounds: true },
  { ratio: 'withProjectorVsWithout', scenario: 'commands-in-process', figure: 'commandsPerSecondWithProjector', reference: 'commands-in-process', referenceFigure: 'commandsPerSecond', inRounds: true },
  { ratio: 'vsEmmett', scenario: 'commands-in-process', figure: 'commandsPerSecond', reference: 'emmett-commands', referenceFigure: 'commandsPerSecond', inRounds: true },
  { ratio: 'vsRawReadParse', scenario: 'rebuild', figure: 'eventsPerSecond', reference: 'raw-read-parse', referenceFigure: 'eventsPerSecond', inRounds: false },
] as const;

/** The figure each row leads with in the report. */
const headlineFigures: Readonly<Record<string, readonly string[]>> = {
  'http-trivial': ['requestsPerSecond', 'p99Ms', 'peakRssMb'],
  'http-commands': ['commandsPerSecond', 'p99Ms', 'peakRssMb', 'eventsPerTransaction'],
  'token-verification': ['firstVerificationMicros', 'rememberedVerificationMicros', 'httpCommandMicros'],
  'edge-hardening': ['plainCpuMicrosPerRequest', 'hardenedCpuMicrosPerRequest', 'commandCpuMicros', 'plainRequestsPerSecond', 'hardenedRequestsPerSecond'],
  'raw-durable-insert': ['transactionsPerSecond'],
  'raw-batched-insert': ['appendsPerSecond', 'transactionsPerSecond'],
  'emmett-commands': ['commandsPerSecond', 'p99Ms'],
  'commands-in-process': ['commandsPerSecond', 'eventsPerSecond', 'p99Ms', 'eventsPerTransaction', 'peakRssMb', 'commandsPerSecondWithProjector'],
  'store-costs': ['esdbAppendsPerCommand', 'esdbOwnAppendsPerAcceptedCommand', 'esdbRecordsPerCommand', 'esdbBytesPerCommand', 'sqliteTransactionsPerCommand', 'sqliteRecordsPerCommand', 'sqliteBytesPerCommand'],
  'raw-read-parse': ['eventsPerSecond', 'peakRssMb'],
  rebuild: ['eventsPerSecond', 'peakRssMb'],
  'rebuild-postgres': ['eventsPerSecond', 'peakRssMb'],
  'roll-up': ['p50Ms', 'p99Ms'],
};

function expectWithin(actual: number | undefined, expected: number, tolerance: number, what: string): void {
  expect({ what, actual, withinTolerance: actual !== undefined && Math.abs(actual - expected) <= tolerance + 1e-9 }).toEqual({ what, actual, withinTolerance: true });
}

/** max/min − 1, as the growth row reports it. */
function spreadOf(values: readonly number[]): number {
  return Math.max(...values) / Math.min(...values) - 1;
}

/** Every command the driver counted was answered, accepted or refused, and the rate is that count over the measured window. */
function expectCommandsAddUp(run: DriveResult, what: string): void {
  expect({ what, errors: run.errors, firstError: run.firstError }).toEqual({ what, errors: 0, firstError: null });
  expect({ what, accepted: run.accepted > 0, refused: run.refused > 0 }).toEqual({ what, accepted: true, refused: true });
  expect({ what, answered: Math.round((run.commandsPerSecond * run.elapsedMs) / 1000) }).toEqual({ what, answered: run.accepted + run.refused });
}

/** Only the expected statuses, no connection errors or timeouts, and the status counts add up to the requests answered. */
function expectHttpAnswers(run: AutocannonRun, statuses: readonly string[], what: string): void {
  expect({ what, statuses: Object.keys(run.statusCounts).filter((status) => !statuses.includes(status)), errors: run.errors, timeouts: run.timeouts }).toEqual({ what, statuses: [], errors: 0, timeouts: 0 });
  expect(Object.values(run.statusCounts).reduce((sum, count) => sum + count, 0)).toBe(run.totalRequests);
  expect(run.totalRequests).toBeGreaterThan(0);
}

function expectAreaShares(profile: ProfileSummary | null, area: string): void {
  expect(profile?.samples).toBeGreaterThan(0);
  expect(profile?.cutToWindow).toBe(true);
  expect(profile?.topFunctions.length).toBeGreaterThan(0);
  expect(profile?.byArea.map((entry) => entry.name)).toContain(area);
  const shares = profile?.byArea.map((entry) => entry.selfPercent) ?? [];
  expectWithin(shares.reduce((sum, share) => sum + share, 0), 100, sharePercentRounding * shares.length, 'shares of the self time');
}

describe('npm run bench -- --size tiny', () => {
  let results: BenchResults;
  let peersInstalled: boolean;
  const outputDir = mkdtempSync(join(tmpdir(), 'ledger-bench-test-'));
  const row = (id: string): ScenarioRow => {
    const found = results.scenarios.find((scenario) => scenario.id === id);
    if (!found) throw new Error(`no ${id} row`);
    return found;
  };

  beforeAll(async () => {
    // Peers are not installed here: compiling sqlite3 takes a minute. When present they are used.
    results = await runBench({ size: 'tiny', profile: true, installPeers: false, seed: 7 });
    peersInstalled = row('emmett-commands').status !== 'skipped';
  // Generous: the tiny run takes about 100 s on a quiet machine, and CI machines are shared.
  }, 600_000);

  afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

  it('reports every scenario once, each measured with its headline figures, the peer only when it is installed', () => {
    expect(results.scenarios.map((scenario) => scenario.id)).toEqual([...scenarioIds]);
    const expectedStatus = (id: string): string => ((id === 'emmett-commands' && !peersInstalled) || (id === 'rebuild-postgres' && postgresSkipReason !== undefined) ? 'skipped' : 'measured');
    expect(results.scenarios.map((scenario) => [scenario.id, scenario.status])).toEqual(scenarioIds.map((id) => [id, expectedStatus(id)]));
    if (!peersInstalled) expect(row('emmett-commands').reason).toMatch(/^skipped: bench\/peers is not installed/);
    if (postgresSkipReason !== undefined) expect(row('rebuild-postgres').reason).toBe(`skipped: ${postgresSkipReason}`);
    for (const scenario of results.scenarios.filter((candidate) => candidate.status === 'measured')) {
      const missing = (headlineFigures[scenario.id] ?? []).filter((figure) => scenario.figures[figure] === undefined);
      expect({ id: scenario.id, missing }).toEqual({ id: scenario.id, missing: [] });
    }
  });

  it('computes each ratio from its scenario and the reference measured in the same run', () => {
    // One round at tiny size, so the median of the ratios per round is the ratio of the two figures reported.
    expect(results.settings.rounds).toBe(1);
    for (const pair of pairs) {
      const scenario = row(pair.scenario);
      const reference = row(pair.reference);
      if (reference.status === 'skipped') {
        expect({ ratio: pair.ratio, value: scenario.ratios[pair.ratio] }).toEqual({ ratio: pair.ratio, value: undefined });
        continue;
      }
      if (pair.inRounds) {
        const { rounds } = results.settings;
        expect({ ratio: pair.ratio, scenarioRounds: scenario.counts.rounds, referenceRounds: reference.counts.rounds }).toEqual({ ratio: pair.ratio, scenarioRounds: rounds, referenceRounds: rounds });
      } else expect({ ratio: pair.ratio, events: scenario.counts.events }).toEqual({ ratio: pair.ratio, events: reference.counts.events });
      expectWithin(scenario.ratios[pair.ratio], scenario.figures[pair.figure] / reference.figures[pair.referenceFigure], ratioRoundingTolerance, pair.ratio);
    }
  });

  it('sets the cost of verifying a token against one HTTP command of the same run', () => {
    const tokens = row('token-verification');
    expectWithin(tokens.figures.httpCommandMicros, 1_000_000 / row('http-commands').figures.commandsPerSecond, 0.1, 'httpCommandMicros');
    expectWithin(tokens.ratios.rememberedVsHttpCommand, tokens.figures.rememberedVerificationMicros / tokens.figures.httpCommandMicros, ratioRoundingTolerance, 'rememberedVsHttpCommand');
    expectWithin(tokens.ratios.firstVsHttpCommand, tokens.figures.firstVerificationMicros / tokens.figures.httpCommandMicros, ratioRoundingTolerance, 'firstVsHttpCommand');
  });

  it('sets the server CPU the hardened edge adds to a request against one HTTP command\'s of the same round', () => {
    const edge = row('edge-hardening');
    const [round] = (edge.details as { rounds: { plainPerSecond: number; commandsPerSecond: number; plainCpuMicros: number; hardenedCpuMicros: number; commandCpuMicros: number }[] }).rounds;
    expect(edge.counts.rounds).toBe(results.settings.rounds);
    expect(edge.counts.hardenedNon201).toBe(0);
    expect(round.plainPerSecond).toBe(row('http-trivial').figures.requestsPerSecond);
    expect(round.commandsPerSecond).toBe(row('http-commands').figures.commandsPerSecond);
    // A ledger command does more than an echo: its CPU per request is the larger.
    expect(round.commandCpuMicros).toBeGreaterThan(round.plainCpuMicros);
    expectWithin(edge.ratios.vsHttpCommand, (round.hardenedCpuMicros - round.plainCpuMicros) / round.commandCpuMicros, ratioRoundingTolerance, 'vsHttpCommand');
  });

  it('answers every HTTP request with a 201 or an expected 422, and the trivial route with 201 only', () => {
    const trivial = row('http-trivial');
    const commands = row('http-commands');
    expect({ errors: trivial.counts.errors, timeouts: trivial.counts.timeouts, non201: trivial.counts.non201 }).toEqual({ errors: 0, timeouts: 0, non201: 0 });
    expect({ errors: commands.counts.errors, timeouts: commands.counts.timeouts, otherStatus: commands.counts.otherStatus }).toEqual({ errors: 0, timeouts: 0, otherStatus: 0 });
    expect(commands.counts.created201).toBeGreaterThan(0);
    // 5% of commands overdraw: among a few hundred answers some are refusals. A machine loaded by
    // other work may answer only a few dozen in the tiny run's second, which proves nothing either way.
    if (commands.counts.created201 + commands.counts.refused422 >= 300) expect(commands.counts.refused422).toBeGreaterThan(0);
    for (const run of (trivial.details as { rounds: HttpOutput[] }).rounds) {
      expectHttpAnswers(run.load.warmup, ['201'], 'trivial warm-up');
      expectHttpAnswers(run.load.measured, ['201'], 'trivial measured');
    }
    const [measuredRound] = (commands.details as { rounds: HttpOutput[] }).rounds;
    expectHttpAnswers(measuredRound.load.warmup, expectedHttpStatuses, 'ledger warm-up');
    expectHttpAnswers(measuredRound.load.measured, expectedHttpStatuses, 'ledger measured');
    expect(commands.counts.created201 + commands.counts.refused422).toBe(measuredRound.load.measured.totalRequests);
    // Refusals count as commands: the rate is every answer over the measured run.
    expectWithin(commands.figures.commandsPerSecond, measuredRound.load.measured.totalRequests / measuredRound.load.measured.durationSeconds, 0.05, 'HTTP commands/s');
  });

  it('counts every command in process as accepted or refused, with no errors', () => {
    const inProcess = row('commands-in-process');
    const details = inProcess.details as { rounds: CommandsInProcessOutput[]; withProjectorRounds: CommandsInProcessOutput[] };
    const [measuredRound] = details.rounds;
    expect({ accepted: inProcess.counts.accepted, refused: inProcess.counts.refused, errors: inProcess.counts.errors }).toEqual({ accepted: measuredRound.run.accepted, refused: measuredRound.run.refused, errors: 0 });
    expectCommandsAddUp(measuredRound.run, 'commands in process');
    expect(details.withProjectorRounds).toHaveLength(results.settings.rounds);
    for (const run of details.withProjectorRounds) expectCommandsAddUp(run.run, 'commands with the projector');
    for (const point of results.growth) if (point.commands) expectCommandsAddUp(point.commands.run, `commands on the store of ${point.events} events`);
    if (peersInstalled) {
      const emmett = row('emmett-commands');
      expect(emmett.counts.errors).toBe(0);
      for (const run of (emmett.details as { rounds: EmmettOutput[] }).rounds) expectCommandsAddUp(run.run, 'Emmett');
    }
  });

  it('rebuilds every event of each store, which is what the raw read reads', () => {
    const rebuildPoint = results.growth.find((point) => point.events === results.settings.rebuildEvents);
    const storeEvents = rebuildPoint?.generation?.events;
    expect(storeEvents).toBeGreaterThanOrEqual(results.settings.rebuildEvents);
    expect({ rebuild: row('rebuild').counts.events, rawReadParse: row('raw-read-parse').counts.events }).toEqual({ rebuild: storeEvents, rawReadParse: storeEvents });
    expect(results.growth.map((point) => point.events)).toEqual(results.settings.growthEvents);
    for (const point of results.growth) {
      expect({ events: point.events, error: point.error, rebuildError: point.rebuildError }).toEqual({ events: point.events, error: undefined, rebuildError: undefined });
      expect({ events: point.events, rawReadParse: point.rawReadParse?.events, rebuild: point.rebuild?.events }).toEqual({ events: point.events, rawReadParse: point.generation?.events, rebuild: point.generation?.events });
    }
    const postgres = row('rebuild-postgres');
    if (postgres.status === 'measured') {
      expect(postgres.counts.events).toBe(storeEvents);
      expectWithin(postgres.ratios.vsRawReadParse, postgres.figures.eventsPerSecond / row('raw-read-parse').figures.eventsPerSecond, ratioRoundingTolerance, 'PostgreSQL vsRawReadParse');
      expectWithin(postgres.ratios.vsSqliteRebuild, postgres.figures.eventsPerSecond / row('rebuild').figures.eventsPerSecond, ratioRoundingTolerance, 'PostgreSQL vsSqliteRebuild');
    }
    const rollUp = row('roll-up');
    expect({ queries: rollUp.counts.queries, fundingLines: rollUp.counts.fundingLines }).toEqual({ queries: rollUpQueriesFor('tiny'), fundingLines: workloadLayout().nationalAccounts.length });
  });

  it('reports growth spreads computed from the figures of every store size', () => {
    const growth = row('growth');
    expect(growth.counts.storeSizes).toBe(results.settings.growthEvents.length);
    const labels = results.settings.growthEvents.map((events) => `${events / 1000}k`);
    const spreads = { commandRateSpread: 'commandsPerSecondAt', peakRssSpread: 'peakRssMbAt', rebuildRateSpread: 'rebuildEventsPerSecondAt', rollUpP99Spread: 'rollUpP99MsAt' };
    for (const [ratio, figure] of Object.entries(spreads)) {
      const values = labels.map((label) => growth.figures[`${figure}${label}`]);
      expect({ ratio, missing: labels.filter((_, index) => values[index] === undefined) }).toEqual({ ratio, missing: [] });
      // A spread of exactly zero is left out of the row, as every figure that is zero.
      expectWithin(growth.ratios[ratio] ?? 0, spreadOf(values), ratioRoundingTolerance, ratio);
    }
  });

  it('summarises CPU profiles of the in-process command scenario: the main thread and the store\'s writer thread', () => {
    // The main thread decides; the commits are the writer thread's.
    expectAreaShares(results.profile, 'libs/accounts');
    expectAreaShares(results.writerThreadProfile, 'libs/event-store-sqlite (writer thread)');
  });

  it('measures the audit rows on one linked store: as-of in every view, verify against the raw read of that file, a link against one command of this run', () => {
    const { audit } = results.settings;
    const asOf = row('audit-as-of');
    expect({ events: asOf.counts.events, views: ['p50MsPosition', 'p50MsKnownAt', 'p50MsAsOfDate'].filter((figure) => asOf.figures[figure] === undefined) }).toEqual({ events: audit.accountEvents, views: [] });
    const verify = row('audit-verify');
    expect(verify.counts.events).toBe(audit.accountEvents);
    expectWithin(verify.ratios.vsRawReadParse, verify.figures.eventsPerSecond / verify.figures.rawReadParseEventsPerSecond, ratioRoundingTolerance, 'vsRawReadParse');
    const link = row('audit-hash-link');
    expectWithin(link.figures.commandMicroseconds, 1e6 / row('commands-in-process').figures.commandsPerSecond, 0.05, 'commandMicroseconds');
    expectWithin(link.ratios.shareOfCommand, link.figures.microsecondsPerEvent / link.figures.commandMicroseconds, ratioRoundingTolerance, 'shareOfCommand');
  });

  it('describes the machine and the load before each step, in the order the steps ran', () => {
    const { machine } = results;
    expect({ cpuCount: machine.cpuCount, nodeVersion: machine.nodeVersion, directory: machine.disk.directory }).toEqual({ cpuCount: os.cpus().length, nodeVersion: process.version, directory: tmpdir() });
    for (const fact of [machine.cpuModel, machine.os, machine.disk.device, machine.disk.filesystem]) expect(fact).toMatch(/\S/);
    expect(machine.memoryGb).toBeGreaterThan(0);
    const postgresStep = postgresSkipReason === undefined ? ['rebuild of all read models into PostgreSQL'] : [];
    const storeSteps = results.settings.growthEvents.flatMap((events) =>
      ['generating', 'raw read-and-parse', 'rebuild of all read models', ...(events === results.settings.rebuildEvents ? postgresStep : []), 'commands in process'].map(
        (step) => `store of ${events.toLocaleString('en')} events: ${step}…`,
      ),
    );
    expect(results.loadLog.map((entry) => entry.step)).toEqual([
      'http round 1/1: trivial validated route…',
      'http round 1/1: trivial route behind the hardened edge…',
      'http round 1/1: ledger commands…',
      'token verification: first and remembered verifications…',
      'in process round 1/1: raw better-sqlite3, one event per durable transaction…',
      "in process round 1/1: raw better-sqlite3, the ledger's rows in batched durable transactions…",
      ...(peersInstalled ? ['in process round 1/1: Emmett on @event-driven-io/emmett-sqlite…'] : []),
      'in process round 1/1: ledger commands through the command bus…',
      'in process round 1/1: ledger commands with the projector in the same process…',
      'store costs: 200 commands on SQLite, then on the EventStoreDB adapter against the test double…',
      'profiling the in-process command scenario (node --cpu-prof)…',
      ...storeSteps,
      `audit: an account of ${results.settings.audit.accountEvents.toLocaleString('en')} linked events, as-of balances, verify, links…`,
    ]);
    for (const entry of results.loadLog) expect(entry.loadAverage1m).toBeGreaterThanOrEqual(0);
  });

  it('runs every scenario with the V8 flags the product is started with', () => {
    const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(results.nodeFlags).toEqual(productNodeFlags());
    expect(results.nodeFlags?.length).toBeGreaterThan(0);
    // The projector worker allocates like the API and runs with the same flags.
    for (const flag of productNodeFlags()) expect(manifest.scripts.projector).toContain(flag);
  });

  it('writes the JSON and the generated part of the document', () => {
    const out = join(outputDir, 'latest.json');
    const docs = join(outputDir, 'benchmarks.md');
    writeOutputs(results, out, docs);
    const written = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(written.scenarios).toHaveLength(scenarioIds.length);
    const document = readFileSync(docs, 'utf8');
    expect(document).toContain(generatedBegin);
    expect(document).toContain(generatedEnd);
    expect(document).toContain('**Machine.**');
    for (const scenario of results.scenarios) expect(document).toContain(scenario.title);
    expect(formatTable(results).split('\n')).toHaveLength(scenarioIds.length + 2);
  });
});
