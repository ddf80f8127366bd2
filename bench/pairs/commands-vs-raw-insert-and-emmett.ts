import type { ScenarioRow } from '../results';
import type { CommandsInProcessInput, CommandsInProcessOutput } from '../scenarios/commands-in-process';
import type { EmmettInput, EmmettOutput } from '../scenarios/emmett-commands';
import type { BatchedInsertOutput, DurableInsertOutput, RawSqliteInput } from '../scenarios/raw-sqlite';
import { childTimeoutMs, commandsInProcessInput, runScenario, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import { ensurePeers } from '../support/peers';
import { alternatingOrder, attempt, median, medianRun } from '../support/rounds';
import { check, failedRow, pendingRow, positive } from '../support/rows';

type InProcessKind = 'raw' | 'rawBatched' | 'emmett' | 'ledger' | 'ledgerWithProjector';

interface TrioRuns {
  readonly raw: DurableInsertOutput[];
  readonly rawBatched: BatchedInsertOutput[];
  readonly emmett: EmmettOutput[];
  readonly ledger: CommandsInProcessOutput[];
  readonly ledgerWithProjector: CommandsInProcessOutput[];
  readonly errors: Partial<Record<InProcessKind, unknown>>;
  readonly vsRawPerRound: number[];
  readonly vsRawBatchedPerRound: number[];
  readonly vsEmmettPerRound: number[];
  readonly withProjectorPerRound: number[];
}

/**
 * Commands in process against three references and with the projector beside them, all in rounds
 * of alternating order: (1) raw better-sqlite3 committing one event row per durable transaction,
 * the most a store without group commit can do on this disk; (1b) raw better-sqlite3 writing the
 * ledger's rows for each command (event, command record, voucher key) into the store's own
 * schema, a writer chunk per durable transaction, the storage engine's limit for this work; (2)
 * the same workload decided by the same domain functions on Emmett's SQLite event store, when
 * bench/peers is installed; and the ledger again with the projector in the same process (the
 * single-node default), whose rate is compared with the ledger's without it in the same round.
 * Returns the rows of (1), (1b), (2) and the ledger.
 */
export async function commandsVsRawInsertAndEmmett(context: BenchContext, installPeers: boolean): Promise<ScenarioRow[]> {
  const { settings } = context;
  const peers = ensurePeers(installPeers, context.log);
  const input = commandsInProcessInput(context);
  const runs: TrioRuns = { raw: [], rawBatched: [], emmett: [], ledger: [], ledgerWithProjector: [], errors: {}, vsRawPerRound: [], vsRawBatchedPerRound: [], vsEmmettPerRound: [], withProjectorPerRound: [] };
  for (let index = 0; index < settings.rounds; index += 1) {
    const rates: Partial<Record<InProcessKind, number>> = {};
    const kinds: InProcessKind[] = peers.available ? ['raw', 'rawBatched', 'emmett', 'ledger', 'ledgerWithProjector'] : ['raw', 'rawBatched', 'ledger', 'ledgerWithProjector'];
    for (const kind of alternatingOrder(kinds, index)) {
      const rate = await runOne(context, kind, `in process round ${index + 1}/${settings.rounds}`, input, runs);
      if (rate !== null) rates[kind] = rate;
    }
    if (rates.ledger !== undefined && rates.raw) runs.vsRawPerRound.push(rates.ledger / rates.raw);
    if (rates.ledger !== undefined && rates.rawBatched) runs.vsRawBatchedPerRound.push(rates.ledger / rates.rawBatched);
    if (rates.ledger !== undefined && rates.emmett) runs.vsEmmettPerRound.push(rates.ledger / rates.emmett);
    if (rates.ledgerWithProjector !== undefined && rates.ledger) runs.withProjectorPerRound.push(rates.ledgerWithProjector / rates.ledger);
  }
  return [
    rawRow(runs),
    rawBatchedRow(runs),
    peers.available ? emmettRow(runs) : pendingRow('emmett-commands', 'Reference (2): Emmett 0.42 on its SQLite event store', peers.reason ?? 'skipped', []),
    ledgerRow(context, runs),
  ];
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
  if (kind === 'rawBatched') {
    context.step(`${roundName}: raw better-sqlite3, the ledger's rows in batched durable transactions…`);
    const result = await attempt(() =>
      runScenario<BatchedInsertOutput>('raw-sqlite', { mode: 'batched-insert', ...settings.rawInsert } satisfies RawSqliteInput, { timeoutMs: childTimeoutMs(settings.rawInsert.durationMs / 1000) }),
    );
    if (!result.ok) {
      runs.errors.rawBatched ??= result.error;
      return null;
    }
    runs.rawBatched.push(result.value);
    return result.value.appendsPerSecond;
  }
  if (kind === 'ledgerWithProjector') {
    context.step(`${roundName}: ledger commands with the projector in the same process…`);
    const result = await attempt(() =>
      runScenario<CommandsInProcessOutput>('commands-in-process', { ...input, projections: true } satisfies CommandsInProcessInput, { timeoutMs: childTimeoutMs(settings.inProcess.durationMs / 1000) }),
    );
    if (!result.ok) {
      runs.errors.ledgerWithProjector ??= result.error;
      return null;
    }
    runs.ledgerWithProjector.push(result.value);
    return result.value.run.commandsPerSecond;
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

function rawBatchedRow(runs: TrioRuns): ScenarioRow {
  const raw = medianRun(runs.rawBatched, (run) => run.appendsPerSecond);
  if (!raw) return failedRow('raw-batched-insert', "Reference (1b): raw better-sqlite3, the ledger's rows in batched durable transactions", runs.errors.rawBatched);
  return {
    id: 'raw-batched-insert',
    title: "Reference (1b): raw better-sqlite3, the ledger's rows per command in batched durable transactions",
    status: 'measured',
    figures: positive({ appendsPerSecond: raw.median, transactionsPerSecond: raw.run.transactionsPerSecond, appendsPerTransaction: raw.run.appendsPerTransaction, peakRssMb: raw.run.peakRssMb }),
    counts: { appends: raw.run.appends, synchronous: raw.run.synchronous, rounds: raw.rates.length },
    ratios: {},
    targets: [],
    notes: [
      `per command an event row and its command record, and for four in five the voucher's unique key, into the embedded store's own schema and indexes; ${raw.run.appendsPerTransaction} commands (the writer thread's chunk) per transaction, WAL, synchronous=FULL, the writer's checkpoint settings; rows encoded beforehand`,
      'the storage engine\'s limit for the ledger\'s rows: no deciding, no queue, no hand-over to a thread',
      `median of ${raw.rates.length} round(s): ${raw.rates.map((rate) => Math.round(rate)).join(', ')} commands' rows/s`,
    ],
    details: { rounds: runs.rawBatched },
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

function ledgerRow(context: BenchContext, runs: TrioRuns): ScenarioRow {
  const { concurrency } = context.settings.inProcess;
  const ledger = medianRun(runs.ledger, (run) => run.run.commandsPerSecond);
  if (!ledger) return failedRow('commands-in-process', 'Commands in process', runs.errors.ledger);
  const withProjector = medianRun(runs.ledgerWithProjector, (run) => run.run.commandsPerSecond);
  const output = ledger.run;
  const medianOf = (values: readonly number[], digits: number): number | null => (values.length > 0 ? round(median(values), digits) : null);
  const vsRaw = medianOf(runs.vsRawPerRound, 2);
  const vsRawBatched = medianOf(runs.vsRawBatchedPerRound, 3);
  const vsEmmett = medianOf(runs.vsEmmettPerRound, 2);
  const withProjectorRatio = medianOf(runs.withProjectorPerRound, 2);
  const ratios: Record<string, number> = {};
  if (vsRaw !== null) ratios.vsRawDurableInsert = vsRaw;
  if (vsRawBatched !== null) ratios.vsRawBatchedInsert = vsRawBatched;
  if (vsEmmett !== null) ratios.vsEmmett = vsEmmett;
  if (withProjectorRatio !== null) ratios.withProjectorVsWithout = withProjectorRatio;
  const perRound = (values: readonly number[], digits = 2): string => values.map((value) => round(value, digits)).join(', ') || '—';
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
      commandsPerSecondWithProjector: withProjector?.median ?? null,
      p99MsWithProjector: withProjector?.run.run.latencyMs.p99 ?? null,
      peakRssMbWithProjector: withProjector?.run.peakRssMb ?? null,
    }),
    counts: {
      accepted: output.run.accepted,
      refused: output.run.refused,
      errors: output.run.errors,
      transactionsCommitted: output.store.transactionsCommitted,
      concurrency,
      rounds: ledger.rates.length,
      roundsWithProjector: withProjector?.rates.length ?? 0,
    },
    ratios,
    targets: [
      check('× raw durable insert (1)', '≥ 4', vsRaw, (value) => value >= 4),
      check('× raw batched insert (1b), the engine\'s limit', '≥ 0.3 (aim)', vsRawBatched, (value) => value >= 0.3),
      check('× Emmett (2)', '≥ 20', vsEmmett, (value) => value >= 20),
      check('with the projector in the same process ÷ without', '≥ 0.9', withProjectorRatio, (value) => value >= 0.9),
    ],
    notes: [
      `${concurrency} commands in flight; the write side as an API replica runs it (LEDGER_PROJECTIONS=false); allocations are credited by the transfer process manager during the run`,
      withProjector
        ? `with the projector in the same process (the single-node default: its runner on a thread of its own) ${perRound(withProjector.rates, 0)} commands/s over the rounds, p99 ${withProjector.run.run.latencyMs.p99} ms, peak RSS ${withProjector.run.peakRssMb} MB; ÷ without, per round: ${perRound(runs.withProjectorPerRound)}`
        : `the runs with the projector in the same process failed: ${String(runs.errors.ledgerWithProjector).split('\n')[0]}`,
      `median of ${ledger.rates.length} round(s): ${ledger.rates.map((rate) => Math.round(rate)).join(', ')} commands/s; × raw per round: ${perRound(runs.vsRawPerRound)}; × raw batched per round: ${perRound(runs.vsRawBatchedPerRound, 3)}; × Emmett per round: ${perRound(runs.vsEmmettPerRound)}`,
    ],
    details: {
      rounds: runs.ledger,
      vsRawPerRound: runs.vsRawPerRound,
      vsRawBatchedPerRound: runs.vsRawBatchedPerRound,
      vsEmmettPerRound: runs.vsEmmettPerRound,
      withProjectorPerRound: runs.withProjectorPerRound,
      withProjectorRounds: runs.ledgerWithProjector,
    },
  };
}
