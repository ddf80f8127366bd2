import type { ScenarioRow } from '../results';
import type { CommandsInProcessInput, CommandsInProcessOutput } from '../scenarios/commands-in-process';
import type { EmmettInput, EmmettOutput } from '../scenarios/emmett-commands';
import type { DurableInsertOutput, RawSqliteInput } from '../scenarios/raw-sqlite';
import { childTimeoutMs, commandsInProcessInput, runScenario, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import { ensurePeers } from '../support/peers';
import { alternatingOrder, attempt, median, medianRun, type Attempt } from '../support/rounds';
import { check, failedRow, pendingRow, positive } from '../support/rows';

type InProcessKind = 'raw' | 'emmett' | 'ledger';

interface TrioRuns {
  readonly raw: DurableInsertOutput[];
  readonly emmett: EmmettOutput[];
  readonly ledger: CommandsInProcessOutput[];
  readonly errors: Partial<Record<InProcessKind, unknown>>;
  readonly vsRawPerRound: number[];
  readonly vsEmmettPerRound: number[];
}

/**
 * Commands in process against two references, the three in rounds of alternating order: (1) raw
 * better-sqlite3 committing one event row per durable transaction, the most a store without group
 * commit can do on this disk, and (2) the same workload decided by the same domain functions on
 * Emmett's SQLite event store, when bench/peers is installed. One more run with the projector in
 * the same process gives the single-node default's cost. Returns the rows of (1), (2) and the ledger.
 */
export async function commandsVsRawInsertAndEmmett(context: BenchContext, installPeers: boolean): Promise<ScenarioRow[]> {
  const { settings } = context;
  const peers = ensurePeers(installPeers, context.log);
  const input = commandsInProcessInput(context);
  const runs: TrioRuns = { raw: [], emmett: [], ledger: [], errors: {}, vsRawPerRound: [], vsEmmettPerRound: [] };
  for (let index = 0; index < settings.rounds; index += 1) {
    const rates: Partial<Record<InProcessKind, number>> = {};
    const kinds: InProcessKind[] = peers.available ? ['raw', 'emmett', 'ledger'] : ['raw', 'ledger'];
    for (const kind of alternatingOrder(kinds, index)) {
      const rate = await runOne(context, kind, `in process round ${index + 1}/${settings.rounds}`, input, runs);
      if (rate !== null) rates[kind] = rate;
    }
    if (rates.ledger !== undefined && rates.raw) runs.vsRawPerRound.push(rates.ledger / rates.raw);
    if (rates.ledger !== undefined && rates.emmett) runs.vsEmmettPerRound.push(rates.ledger / rates.emmett);
  }
  const rows = [rawRow(runs), peers.available ? emmettRow(runs) : pendingRow('emmett-commands', 'Reference (2): Emmett 0.42 on its SQLite event store', peers.reason ?? 'skipped', [])];

  // The single-node default also runs the projector in the command process: once, for its cost.
  context.step('in process: ledger commands with the projector in the same process…');
  const withProjector = await attempt(() =>
    runScenario<CommandsInProcessOutput>('commands-in-process', { ...input, projections: true } satisfies CommandsInProcessInput, { timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000) }),
  );
  rows.push(ledgerRow(context, runs, withProjector));
  return rows;
}

/** Runs one member of the trio and keeps its output; its rate, or null when it failed. */
async function runOne(context: BenchContext, kind: InProcessKind, roundName: string, input: CommandsInProcessInput, runs: TrioRuns): Promise<number | null> {
  const { settings, seed } = context;
  if (kind === 'raw') {
    context.step(`${roundName}: raw better-sqlite3, one event per durable transaction…`);
    const result = await attempt(() =>
      runScenario<DurableInsertOutput>('raw-sqlite', { mode: 'durable-insert', ...settings.rawInsert } satisfies RawSqliteInput, { timeoutMs: childTimeoutMs(settings.rawInsert.durationMs / 1000) }),
    );
    if (!result.ok) {
      runs.errors.raw ??= result.error;
      return null;
    }
    runs.raw.push(result.value);
    return result.value.transactionsPerSecond;
  }
  if (kind === 'emmett') {
    context.step(`${roundName}: Emmett on @event-driven-io/emmett-sqlite…`);
    const result = await attempt(() => runScenario<EmmettOutput>('emmett-commands', { ...settings.emmett, seed } satisfies EmmettInput, { timeoutMs: childTimeoutMs(settings.emmett.durationMs / 1000) }));
    if (!result.ok) {
      runs.errors.emmett ??= result.error;
      return null;
    }
    runs.emmett.push(result.value);
    return result.value.run.commandsPerSecond;
  }
  context.step(`${roundName}: ledger commands through the command bus…`);
  const result = await attempt(() => runScenario<CommandsInProcessOutput>('commands-in-process', input, { timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000) }));
  if (!result.ok) {
    runs.errors.ledger ??= result.error;
    return null;
  }
  runs.ledger.push(result.value);
  return result.value.run.commandsPerSecond;
}

function rawRow(runs: TrioRuns): ScenarioRow {
  const raw = medianRun(runs.raw, (run) => run.transactionsPerSecond);
  if (!raw) return failedRow('raw-durable-insert', 'Reference (1): raw better-sqlite3 durable insert', runs.errors.raw);
  return {
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
    details: { rounds: runs.raw },
  };
}

function emmettRow(runs: TrioRuns): ScenarioRow {
  const emmett = medianRun(runs.emmett, (run) => run.run.commandsPerSecond);
  if (!emmett) return failedRow('emmett-commands', 'Reference (2): Emmett on its SQLite event store', runs.errors.emmett);
  const run = emmett.run;
  return {
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
    details: { rounds: runs.emmett },
  };
}

function ledgerRow(context: BenchContext, runs: TrioRuns, withProjector: Attempt<CommandsInProcessOutput>): ScenarioRow {
  const { concurrency } = context.settings.inProcess;
  const ledger = medianRun(runs.ledger, (run) => run.run.commandsPerSecond);
  if (!ledger) return failedRow('commands-in-process', 'Commands in process', runs.errors.ledger);
  const output = ledger.run;
  const vsRaw = runs.vsRawPerRound.length > 0 ? round(median(runs.vsRawPerRound), 2) : null;
  const vsEmmett = runs.vsEmmettPerRound.length > 0 ? round(median(runs.vsEmmettPerRound), 2) : null;
  const ratios: Record<string, number> = {};
  if (vsRaw !== null) ratios.vsRawDurableInsert = vsRaw;
  if (vsEmmett !== null) ratios.vsEmmett = vsEmmett;
  return {
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
      concurrency,
      rounds: ledger.rates.length,
    },
    ratios,
    targets: [check('× raw durable insert (1)', '≥ 4', vsRaw, (value) => value >= 4), check('× Emmett (2)', '≥ 20', vsEmmett, (value) => value >= 20)],
    notes: [
      `${concurrency} commands in flight; the write side as an API replica runs it (LEDGER_PROJECTIONS=false); allocations are credited by the transfer process manager during the run`,
      withProjector.ok
        ? `with the projector in the same process (the single-node default) one run gave ${Math.round(withProjector.value.run.commandsPerSecond)} commands/s, p99 ${withProjector.value.run.latencyMs.p99} ms, peak RSS ${withProjector.value.peakRssMb} MB`
        : `the run with the projector in the same process failed: ${String(withProjector.error).split('\n')[0]}`,
      `median of ${ledger.rates.length} round(s): ${ledger.rates.map((rate) => Math.round(rate)).join(', ')} commands/s; × raw per round: ${runs.vsRawPerRound.map((value) => round(value, 2)).join(', ')}; × Emmett per round: ${runs.vsEmmettPerRound.map((value) => round(value, 2)).join(', ') || '—'}`,
    ],
    details: { rounds: runs.ledger, vsRawPerRound: runs.vsRawPerRound, vsEmmettPerRound: runs.vsEmmettPerRound, withProjector: withProjector.ok ? withProjector.value : null },
  };
}
