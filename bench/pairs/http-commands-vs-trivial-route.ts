import type { ScenarioRow } from '../results';
import type { HttpInput, HttpOutput } from '../scenarios/http';
import { childTimeoutMs, runScenario, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import { alternatingOrder, attempt, median, medianRun } from '../support/rounds';
import { check, failedRow, positive } from '../support/rows';

type HttpMode = HttpInput['mode'];

/** Bodies generated before the run per second of load: more than either app answers here, so the load generator never waits for one. */
const preparedRequestsPerSecond = 25_000;
/** Bodies held in the load generator's memory at most; past that it makes them on the fly. */
const preparedRequestsMax = 400_000;

const trivialTitle = 'HTTP reference: trivial validated Nest/Fastify route';

/** Refused (422) commands are answers the ledger gave on purpose, so they count as commands. */
function commandsPerSecond(output: HttpOutput): number {
  const measured = output.load.measured;
  return round(((measured.statusCounts['201'] ?? 0) + (measured.statusCounts['422'] ?? 0)) / measured.durationSeconds, 1);
}

const modeNames: Record<HttpMode, string> = { trivial: 'trivial validated route', 'trivial-hardened': 'trivial route behind the hardened edge', ledger: 'ledger commands' };

/**
 * HTTP commands against the trivial validated route: the same bodies, connections and load
 * settings on both, in rounds of alternating order. The ratio says how much of what the framework
 * alone can answer the ledger keeps, which carries over to other machines where the absolute
 * rate does not. The same route behind the ledger's hardened edge runs in each round too: what
 * the edge adds to a request, set against one command. Returns the reference's row, the
 * ledger's, then the edge's.
 */
export async function httpCommandsVsTrivialRoute(context: BenchContext): Promise<ScenarioRow[]> {
  const { settings, seed } = context;
  const rounds = settings.rounds;
  const preparedRequests = Math.min(preparedRequestsMax, Math.ceil(preparedRequestsPerSecond * (settings.http.warmupSeconds + settings.http.durationSeconds)));
  const input = (mode: HttpMode): HttpInput => ({ mode, ...settings.http, seed, preparedRequests });
  const runs: Record<HttpMode, HttpOutput[]> = { trivial: [], 'trivial-hardened': [], ledger: [] };
  const errors: Partial<Record<HttpMode, unknown>> = {};
  const ratiosPerRound: number[] = [];
  const edgeRounds: EdgeRound[] = [];
  for (let index = 0; index < rounds; index += 1) {
    const thisRound: Partial<Record<HttpMode, HttpOutput>> = {};
    for (const mode of alternatingOrder<HttpMode>(['trivial', 'trivial-hardened', 'ledger'], index)) {
      context.step(`http round ${index + 1}/${rounds}: ${modeNames[mode]}…`);
      const result = await attempt(() => runScenario<HttpOutput>('http', input(mode), { timeoutMs: childTimeoutMs(settings.http.durationSeconds * 2) }));
      if (result.ok) {
        thisRound[mode] = result.value;
        runs[mode].push(result.value);
      } else errors[mode] ??= result.error;
    }
    if (thisRound.trivial && thisRound.ledger) ratiosPerRound.push(commandsPerSecond(thisRound.ledger) / thisRound.trivial.load.measured.requestsPerSecond);
    const hardened = thisRound['trivial-hardened'];
    if (thisRound.trivial && hardened && thisRound.ledger) {
      const answers = hardened.load.measured;
      edgeRounds.push({
        plainPerSecond: thisRound.trivial.load.measured.requestsPerSecond,
        hardenedPerSecond: answers.requestsPerSecond,
        commandsPerSecond: commandsPerSecond(thisRound.ledger),
        plainCpuMicros: thisRound.trivial.serverCpuMicrosPerRequest,
        hardenedCpuMicros: hardened.serverCpuMicrosPerRequest,
        commandCpuMicros: thisRound.ledger.serverCpuMicrosPerRequest,
        hardenedNon201: answers.totalRequests - (answers.statusCounts['201'] ?? 0) + answers.errors + answers.timeouts,
      });
    }
  }
  return [trivialRow(context, runs.trivial, errors.trivial), ledgerRow(context, runs.ledger, ratiosPerRound, errors.ledger), edgeRow(edgeRounds, errors['trivial-hardened'] ?? errors.trivial ?? errors.ledger)];
}

interface EdgeRound {
  readonly plainPerSecond: number;
  readonly hardenedPerSecond: number;
  readonly commandsPerSecond: number;
  /** The server's CPU time per request: the trivial route, the same behind the edge, and one ledger command. */
  readonly plainCpuMicros: number;
  readonly hardenedCpuMicros: number;
  readonly commandCpuMicros: number;
  /** Requests behind the edge answered other than 201, failed or timed out: none, or the rate means nothing. */
  readonly hardenedNon201: number;
}

const edgeTitle = 'Hardened HTTP edge: what it adds to a request, against one HTTP command';
/** The hardening's budget: at most this share of the HTTP command rate. */
const edgeShareMax = 0.05;

/**
 * The edge's cost per request: the server's CPU time per request of the trivial route behind the
 * hardened edge (strict JSON, parameter checks, security headers, no-store, the rate limit,
 * bounded server options) less that on the framework's defaults, per round; set against the
 * server's CPU time per ledger command in the same round. What the edge costs the ledger is that
 * share of its CPU. CPU time is read rather than rates, whose differences of a few per cent drown
 * in what else the machine runs; the rates' reading is in the notes.
 */
function edgeRow(edgeRounds: readonly EdgeRound[], error: unknown): ScenarioRow {
  if (edgeRounds.length === 0) return failedRow('edge-hardening', edgeTitle, error);
  const addedCpuMicros = edgeRounds.map((run) => run.hardenedCpuMicros - run.plainCpuMicros);
  const shares = edgeRounds.map((run, index) => addedCpuMicros[index] / run.commandCpuMicros);
  const share = round(median(shares), 4);
  const addedWallMicros = edgeRounds.map((run) => 1_000_000 / run.hardenedPerSecond - 1_000_000 / run.plainPerSecond);
  return {
    id: 'edge-hardening',
    title: edgeTitle,
    status: 'measured',
    figures: positive({
      plainCpuMicrosPerRequest: round(median(edgeRounds.map((run) => run.plainCpuMicros)), 1),
      hardenedCpuMicrosPerRequest: round(median(edgeRounds.map((run) => run.hardenedCpuMicros)), 1),
      addedCpuMicrosPerRequest: round(Math.max(0, median(addedCpuMicros)), 1),
      commandCpuMicros: round(median(edgeRounds.map((run) => run.commandCpuMicros)), 1),
      plainRequestsPerSecond: round(median(edgeRounds.map((run) => run.plainPerSecond)), 1),
      hardenedRequestsPerSecond: round(median(edgeRounds.map((run) => run.hardenedPerSecond)), 1),
    }),
    counts: { rounds: edgeRounds.length, hardenedNon201: edgeRounds.reduce((sum, run) => sum + run.hardenedNon201, 0) },
    ratios: { vsHttpCommand: share },
    targets: [check('added server CPU per request ÷ one HTTP command\'s', `≤ ${edgeShareMax}`, share, (value) => value <= edgeShareMax)],
    notes: [
      'the trivial route twice in each round: on the framework’s defaults, and behind the edge the API serves from (hardenHttpEdge, its server options, the rate limit); CPU time of the server process over the measured run, per answered request',
      `per round, added CPU µs per request: ${addedCpuMicros.map((value) => round(value, 1)).join(', ')}; share of one command's: ${shares.map((value) => round(value, 3)).join(', ')}`,
      `per round, from the rates: added µs per request ${addedWallMicros.map((value) => round(value, 1)).join(', ')}`,
    ],
    details: { rounds: edgeRounds },
  };
}

function trivialRow(context: BenchContext, runs: readonly HttpOutput[], error: unknown): ScenarioRow {
  const { http } = context.settings;
  const trivial = medianRun(runs, (run) => run.load.measured.requestsPerSecond);
  if (!trivial) return failedRow('http-trivial', trivialTitle, error);
  const measured = trivial.run.load.measured;
  return {
    id: 'http-trivial',
    title: trivialTitle,
    status: 'measured',
    figures: positive({ requestsPerSecond: trivial.median, p50Ms: measured.latencyMs.p50, p99Ms: measured.latencyMs.p99, peakRssMb: trivial.run.peakRssMb }),
    counts: { requests: measured.totalRequests, errors: measured.errors, timeouts: measured.timeouts, non201: measured.totalRequests - (measured.statusCounts['201'] ?? 0), rounds: trivial.rates.length },
    ratios: {},
    targets: [],
    notes: [
      `${http.connections} connections, autocannon in another process, ${http.durationSeconds} s after a ${http.warmupSeconds} s warm-up`,
      `median of ${trivial.rates.length} round(s): ${trivial.rates.map((rate) => Math.round(rate)).join(', ')} requests/s; latencies are those of the median round`,
    ],
    details: { rounds: runs },
  };
}

function ledgerRow(context: BenchContext, runs: readonly HttpOutput[], ratiosPerRound: readonly number[], error: unknown): ScenarioRow {
  const ledger = medianRun(runs, commandsPerSecond);
  if (!ledger) return failedRow('http-commands', 'HTTP commands', error);
  const measured = ledger.run.load.measured;
  const created = measured.statusCounts['201'] ?? 0;
  const refused = measured.statusCounts['422'] ?? 0;
  const ratio = ratiosPerRound.length > 0 ? round(median(ratiosPerRound), 3) : null;
  return {
    id: 'http-commands',
    title: 'HTTP commands (80% disbursements, 20% allocations, durable store)',
    status: 'measured',
    figures: positive({
      commandsPerSecond: ledger.median,
      p50Ms: measured.latencyMs.p50,
      p90Ms: measured.latencyMs.p90,
      p99Ms: measured.latencyMs.p99,
      peakRssMb: ledger.run.peakRssMb,
      eventsPerTransaction: ledger.run.store?.eventsPerTransaction,
      accounts: ledger.run.accounts,
    }),
    counts: {
      created201: created,
      refused422: refused,
      otherStatus: measured.totalRequests - created - refused,
      errors: measured.errors,
      timeouts: measured.timeouts,
      transactionsCommitted: ledger.run.store?.transactionsCommitted ?? 0,
      rounds: ledger.rates.length,
    },
    ratios: ratio === null ? {} : { vsTrivial: ratio },
    targets: [
      check('commands/s', '≥ 10,000', ledger.median, (value) => value >= 10_000),
      check('× trivial route', '≥ 0.6', ratio, (value) => value >= 0.6),
      check('p99 latency (ms)', '≤ 25', measured.latencyMs.p99, (value) => value <= 25),
    ],
    notes: [
      `${context.settings.http.connections} connections; refused (422) commands count as commands; any other status is an error`,
      `median of ${ledger.rates.length} round(s): ${ledger.rates.map((rate) => Math.round(rate)).join(', ')} commands/s; ratio per round: ${ratiosPerRound.map((value) => round(value, 2)).join(', ')}`,
    ],
    details: { rounds: runs, ratiosPerRound },
  };
}
