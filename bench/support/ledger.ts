import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { AccountRepository, AllocateFundsCommand, AssignBudgetCommand, RecordDisbursementCommand, type CommandResult } from '@ledger/accounts';
import { CommandRefusedError } from '@ledger/commands';
import { RegistryService } from '@ledger/registry';
import { TransferProcessManager } from '@ledger/transfers';
import { loadLedgerConfig, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE } from '@ledger/event-store';
import { issueToken, loadOrCreateTokenSecret } from '@ledger/identity';
import type { SqliteEventStore } from '@ledger/event-store-sqlite';
import { createLedgerApp } from '../../apps/api/src/app.factory';
import { benchContextFor, seedRegistryWith } from './registry-seed';
import type { WorkloadCommand, WorkloadLayout } from './workload';

/** How long set-up waits for the process manager to credit every allocation. */
const setUpSettleTimeoutMs = 120_000;

export interface BenchLedger {
  readonly app: NestFastifyApplication;
  readonly config: LedgerConfig;
  readonly bus: CommandBus;
  readonly store: SqliteEventStore;
  readonly transfers: TransferProcessManager;
  close(): Promise<void>;
}

export interface BenchLedgerOptions {
  /**
   * Run the projector (read models) in the same process, as the single-node default does. The
   * command scenarios measure the write side without it, as an API replica runs
   * (`LEDGER_PROJECTIONS=false`, docs/deployment.md); the process manager stays on, so every
   * allocation is credited during the run.
   */
  readonly projections: boolean;
}

/** Requests per window the bench's single client may make: above any rate it reaches, so no request is refused for load. */
export const benchRateLimitRequests = '10000000';

/** The real app, as `main.ts` builds it, on a durable (synchronous=FULL) SQLite store in `dataDir`. */
export async function startBenchLedger(dataDir: string, options: BenchLedgerOptions): Promise<BenchLedger> {
  // The bench names every setting rather than inheriting the shell's LEDGER_* variables.
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_LOG_LEVEL: 'error',
    LEDGER_SQLITE_SYNCHRONOUS: 'FULL',
    LEDGER_SQLITE_WRITER: process.env.BENCH_SQLITE_WRITER ?? 'thread',
    LEDGER_HTTP_PORT: '0',
    LEDGER_PROCESS_MANAGER: 'true',
    LEDGER_PROJECTIONS: options.projections ? 'true' : 'false',
    // One load generator is one client: the rate limit stays on (its cost is measured) but far above the load.
    LEDGER_RATE_LIMIT_REQUESTS: benchRateLimitRequests,
    // The workload replays 2024 on today's clock; its entries are not meant as late ones.
    LEDGER_BACKDATING_WINDOW_DAYS: '36500',
  });
  const app = await createLedgerApp(config);
  const store = app.get<SqliteEventStore>(EVENT_STORE);
  const durability = store.durabilitySettings();
  if (durability.journalMode !== 'wal' || durability.synchronous !== 2) {
    throw new Error(`the bench needs a durable store (WAL, synchronous=FULL); got ${JSON.stringify(durability)}`);
  }
  return { app, config, bus: app.get(CommandBus), store, transfers: app.get(TransferProcessManager), close: () => app.close() };
}

/** Registers the programs and the Điện Biên units through the app's registry service. */
export async function seedRegistry(app: NestFastifyApplication): Promise<void> {
  await seedRegistryWith(app.get(RegistryService));
}

/**
 * Assigns each funding line's budget at the national level and allocates a modest balance to
 * every locality account, through the command bus, then waits until every credit is recorded.
 */
export async function setUpBalances(ledger: Pick<BenchLedger, 'bus' | 'transfers'>, layout: WorkloadLayout): Promise<{ commands: number }> {
  const assigned = await Promise.all(
    layout.nationalAccounts.map((key, index) =>
      ledger.bus.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account: key, amountVnd: layout.nationalBudgetVnd }, benchContextFor(`bench-assign-${index}`, `ASSIGN-${index}/QD-TTg`))),
    ),
  );
  const nationalByLine = new Map(layout.nationalAccounts.map((key) => [lineOf(key), key]));
  const allocated = await Promise.all(
    layout.localityAccounts.map((to, index) => {
      const from = nationalByLine.get(lineOf(to));
      if (!from) throw new Error(`no national account for ${lineOf(to)}`);
      return ledger.bus.execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: from, to, amountVnd: layout.localityBalanceVnd }, benchContextFor(`bench-allocate-${index}`, `ALLOC-${index}/QD-UBND`)));
    }),
  );
  const last = [...assigned, ...allocated].reduce((max: bigint, result: CommandResult) => (result.position > max ? result.position : max), -1n);
  await ledger.transfers.waitFor(last, setUpSettleTimeoutMs);
  return { commands: assigned.length + allocated.length };
}

function lineOf(key: { programCode: string; planYear: number; capitalType: string; budgetSource: string }): string {
  return `${key.programCode}.${key.planYear}.${key.capitalType}.${key.budgetSource}`;
}

export type CommandOutcome = 'accepted' | 'refused';

/** Runs one workload command through the command bus; a refusal is an outcome, anything else throws. */
export async function executeOnLedger(bus: CommandBus, command: WorkloadCommand): Promise<CommandOutcome> {
  try {
    if (command.kind === 'disburse') {
      await bus.execute(new RecordDisbursementCommand({ kind: 'RecordDisbursement', account: command.account, amountVnd: command.amountVnd, voucherRef: command.voucherRef, disbursedOn: command.disbursedOn }, benchContextFor(command.commandId, null)));
    } else {
      await bus.execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: command.from, to: command.to, amountVnd: command.amountVnd }, benchContextFor(command.commandId, command.decisionRef)));
    }
    return 'accepted';
  } catch (error) {
    if (error instanceof CommandRefusedError) return 'refused';
    throw error;
  }
}

/** Loads every account once, so a measurement starts with warm caches; returns how long it took. */
export async function loadAccounts(app: NestFastifyApplication, layout: WorkloadLayout): Promise<number> {
  const accounts = app.get(AccountRepository);
  const startedMs = performance.now();
  for (const key of [...layout.nationalAccounts, ...layout.localityAccounts]) await accounts.load(key);
  return performance.now() - startedMs;
}

/** A national finance officer's token for the bench ledger, signed with the secret of its data folder. */
export async function benchToken(ledger: BenchLedger): Promise<string> {
  if (ledger.config.auth.kind !== 'secret') throw new Error('the bench runs on the embedded default');
  return issueToken(loadOrCreateTokenSecret(ledger.config.auth.secretFile), { userId: 'bench-client', roles: ['finance-officer'], jurisdiction: 'VN', ttlSeconds: 24 * 3600 });
}
