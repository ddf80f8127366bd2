import type { ScenarioRow } from '../results';
import type { StoreCostsInput, StoreCostsOutput } from '../scenarios/store-costs';
import { childTimeoutMs, runScenario, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import { attempt } from '../support/rounds';
import { check, failedRow, positive } from '../support/rows';

const title = 'What a command writes: EventStoreDB adapter (test double) beside SQLite, same workload';
/** Workload commands measured on each store; the set-up (balances for every account) comes first. */
const commandsBySize = { tiny: 200, small: 2_000, full: 5_000 } as const;

/**
 * Write calls, records and bytes per command on both event stores, for the same seeded
 * workload (80% disbursements, each taking its treasury voucher as a unique key; 20%
 * allocations, each credited by the process manager: the credits count too). On EventStoreDB a
 * command is one append, plus one per unique key it takes (the key's claim stream); SQLite
 * writes the events, the command record and the key rows in one transaction shared by the
 * commands in flight (group commit).
 */
export async function storeCostsRow(context: BenchContext): Promise<ScenarioRow> {
  const input: StoreCostsInput = { commands: commandsBySize[context.size], concurrency: 32, seed: context.seed };
  context.step(`store costs: ${input.commands} commands on SQLite, then on the EventStoreDB adapter against the test double…`);
  const result = await attempt(() => runScenario<StoreCostsOutput>('store-costs', input, { timeoutMs: childTimeoutMs(120) }));
  if (!result.ok) return failedRow('store-costs', title, result.error);
  const { sqlite, esdb, esdbStreamReadsPerCommand } = result.value;
  // Every accepted command's own append, after taking away one claim per voucher and one credit per allocation.
  const ownAppends = (esdb.writeCallsPerCommand * esdb.commands - esdb.acceptedDisbursements - esdb.acceptedAllocations) / Math.max(1, esdb.accepted);
  return {
    id: 'store-costs',
    title,
    status: 'measured',
    figures: positive({
      esdbAppendsPerCommand: esdb.writeCallsPerCommand,
      esdbOwnAppendsPerAcceptedCommand: round(ownAppends, 3),
      esdbRecordsPerCommand: esdb.recordsPerCommand,
      esdbBytesPerCommand: esdb.bytesPerCommand,
      esdbStreamReadsPerCommand,
      sqliteTransactionsPerCommand: sqlite.writeCallsPerCommand,
      sqliteRecordsPerCommand: sqlite.recordsPerCommand,
      sqliteBytesPerCommand: sqlite.bytesPerCommand,
    }),
    counts: { commands: input.commands, acceptedOnSqlite: sqlite.accepted, acceptedOnEsdb: esdb.accepted, disbursementsAccepted: esdb.acceptedDisbursements, allocationsAccepted: esdb.acceptedAllocations },
    ratios: sqlite.bytesPerCommand > 0 ? { esdbBytesVsSqlite: round(esdb.bytesPerCommand / sqlite.bytesPerCommand, 3) } : {},
    targets: [
      // A command's own append, apart from the voucher's claim stream and the credit the process manager records as its own command.
      check('EventStoreDB appends per accepted command, its own', '≤ 1', round(ownAppends, 3), (value) => value <= 1),
    ],
    notes: [
      'both stores run the same seeded commands after the same set-up; the process manager’s credits of the allocations are written in the window and counted',
      'EventStoreDB bytes: data and metadata of every record the adapter appends (its command record rides in the first event’s metadata); SQLite bytes: the text of the event, command and unique-key rows',
      'TEST DOUBLE, NOT A SERVER: the EventStoreDB figures count what the adapter sends; a real server adds its own log overhead',
    ],
  };
}
