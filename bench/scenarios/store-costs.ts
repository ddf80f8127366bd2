import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommandBus } from '@nestjs/cqrs';
import { loadLedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { TransferProcessManager } from '@ledger/transfers';
import { createLedgerApp } from '../../apps/api/src/app.factory';
import { childMain } from '../support/child-process';
import { round } from '../support/driver';
import { benchRateLimitRequests, executeOnLedger, seedRegistry, setUpBalances, startBenchLedger, type CommandOutcome } from '../support/ledger';
import { WorkloadGenerator, workloadLayout, type WorkloadCommand } from '../support/workload';

export interface StoreCostsInput {
  /** Workload commands measured on each store, after the same set-up. */
  readonly commands: number;
  readonly concurrency: number;
  readonly seed: number;
}

/** What the measured commands wrote, per command. */
export interface StoreCost {
  readonly commands: number;
  readonly accepted: number;
  /** Of the accepted: disbursements (each takes its voucher as a unique key) and allocations (each credited by the process manager). */
  readonly acceptedDisbursements: number;
  readonly acceptedAllocations: number;
  /** Calls that wrote: append RPCs on EventStoreDB, durable transactions on SQLite (group commit). */
  readonly writeCallsPerCommand: number;
  /** Records written: events (and on EventStoreDB unique-key claims), plus on SQLite command records and unique-key rows. */
  readonly recordsPerCommand: number;
  /** Bytes of the records' data and metadata (on SQLite, the text of the rows written). */
  readonly bytesPerCommand: number;
}

export interface StoreCostsOutput {
  readonly sqlite: StoreCost;
  readonly esdb: StoreCost;
  /** The EventStoreDB adapter also reads: single-stream reads per command (a command of several events reads its first position back). */
  readonly esdbStreamReadsPerCommand: number;
}

interface CommandRunner {
  readonly bus: CommandBus;
}

interface Accepted {
  readonly accepted: number;
  readonly acceptedDisbursements: number;
  readonly acceptedAllocations: number;
}

/** The same seeded workload commands on a store, `concurrency` in flight; what was accepted, by kind. */
async function runCommands(ledger: CommandRunner, commands: readonly WorkloadCommand[], concurrency: number): Promise<Accepted> {
  let next = 0;
  let acceptedDisbursements = 0;
  let acceptedAllocations = 0;
  const worker = async (): Promise<void> => {
    while (next < commands.length) {
      const command = commands[next];
      next += 1;
      const outcome: CommandOutcome = await executeOnLedger(ledger.bus, command);
      if (outcome === 'accepted' && command.kind === 'disburse') acceptedDisbursements += 1;
      if (outcome === 'accepted' && command.kind === 'allocate') acceptedAllocations += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { accepted: acceptedDisbursements + acceptedAllocations, acceptedDisbursements, acceptedAllocations };
}

function workload(input: StoreCostsInput, prefix: string): WorkloadCommand[] {
  const generator = new WorkloadGenerator(workloadLayout(), input.seed, prefix);
  return Array.from({ length: input.commands }, () => generator.next());
}

async function sqliteCost(input: StoreCostsInput): Promise<StoreCost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-costs-sqlite-'));
  const ledger = await startBenchLedger(dataDir, { projections: false });
  try {
    await seedRegistry(ledger.app);
    await setUpBalances(ledger, workloadLayout());
    const head = await ledger.store.headPosition();
    const before = ledger.store.stats();
    const accepted = await runCommands(ledger, workload(input, `costs-${input.seed}`), input.concurrency);
    // The process manager credits the allocations as they are accepted: wait for the last credit.
    await ledger.transfers.waitFor(await ledger.store.headPosition(), 120_000);
    const after = ledger.store.stats();
    const file = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const position = Number(head);
      const events = file.prepare('SELECT count(*) AS n, coalesce(sum(length(data) + length(metadata) + length(event_id) + length(stream_id) + length(type)), 0) AS bytes FROM events WHERE position > ?').get(position) as { n: number; bytes: number };
      const commands = file
        .prepare('SELECT count(*) AS n, coalesce(sum(length(command_id) + length(request_hash) + length(stream_id) + length(event_ids)), 0) AS bytes FROM commands WHERE position > ?')
        .get(position) as { n: number; bytes: number };
      const keys = file.prepare('SELECT count(*) AS n, coalesce(sum(length(key) + length(stream_id) + coalesce(length(command_id), 0) + length(event_id)), 0) AS bytes FROM unique_keys WHERE position > ?').get(position) as {
        n: number;
        bytes: number;
      };
      return {
        commands: input.commands,
        ...accepted,
        writeCallsPerCommand: round((after.transactionsCommitted - before.transactionsCommitted) / input.commands, 3),
        recordsPerCommand: round((events.n + commands.n + keys.n) / input.commands, 3),
        bytesPerCommand: round((events.bytes + commands.bytes + keys.bytes) / input.commands, 1),
      };
    } finally {
      file.close();
    }
  } finally {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function esdbCost(input: StoreCostsInput): Promise<{ cost: StoreCost; streamReadsPerCommand: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-costs-esdb-'));
  const double = await EsdbTestDouble.start();
  try {
    const config = loadLedgerConfig({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_EVENT_STORE_URL: double.connectionString,
      LEDGER_LOG_LEVEL: 'error',
      LEDGER_HTTP_PORT: '0',
      LEDGER_PROCESS_MANAGER: 'true',
      LEDGER_PROJECTIONS: 'false',
      LEDGER_RATE_LIMIT_REQUESTS: benchRateLimitRequests,
      LEDGER_BACKDATING_WINDOW_DAYS: '36500',
    });
    const app = await createLedgerApp(config);
    try {
      const ledger = { app, bus: app.get(CommandBus), transfers: app.get(TransferProcessManager) };
      await seedRegistry(app);
      await setUpBalances(ledger, workloadLayout());
      const before = { ...double.log.stats };
      const accepted = await runCommands(ledger, workload(input, `costs-${input.seed}`), input.concurrency);
      await ledger.transfers.waitFor(await app.get<EventStore>(EVENT_STORE).headPosition(), 120_000);
      const after = double.log.stats;
      return {
        cost: {
          commands: input.commands,
          ...accepted,
          writeCallsPerCommand: round((after.appendCalls - before.appendCalls) / input.commands, 3),
          recordsPerCommand: round((after.recordsWritten - before.recordsWritten) / input.commands, 3),
          bytesPerCommand: round((after.bytesWritten - before.bytesWritten) / input.commands, 1),
        },
        streamReadsPerCommand: round((after.streamReads - before.streamReads) / input.commands, 3),
      };
    } finally {
      await app.close();
    }
  } finally {
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What one command writes on each event store, for the same seeded workload after the same
 * set-up: write calls, records and bytes per command on the embedded SQLite store and on the
 * EventStoreDB adapter against the test double (TEST DOUBLE, NOT A SERVER: its counters are the
 * calls and records the adapter sends, which is what a real server would receive).
 */
async function run(input: StoreCostsInput): Promise<StoreCostsOutput> {
  const sqlite = await sqliteCost(input);
  const esdb = await esdbCost(input);
  return { sqlite, esdb: esdb.cost, esdbStreamReadsPerCommand: esdb.streamReadsPerCommand };
}

if (require.main === module) childMain(run);
