import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accountStreamId,
  decideAccount,
  defaultLedgerPolicy,
  decideRegisterLocality,
  decideRegisterProgram,
  decodeEvent,
  encodeEventData,
  evolveAccount,
  initialAccountState,
  RegistryState,
  type AccountCommand,
  type AccountEvent,
  type AccountKey,
  type AccountState,
  type Refusal,
} from '@ledger/domain';
import { dienBien2024Localities } from '@ledger/registry-import';
import { nationalTargetPrograms2021To2025 } from '@ledger/registry-import';
import { vietnamDate } from '@ledger/commands';
import { childMain } from '../support/child-process';
import { drive, peakRssMb, round, type DriveResult } from '../support/driver';
import { WorkloadGenerator, workloadLayout, type WorkloadCommand } from '../support/workload';

/**
 * The peer: the same workload, decided by the same domain functions, on Emmett's SQLite event
 * store (`@event-driven-io/emmett-sqlite`, installed in bench/peers, never a product dependency).
 *
 * Emmett's best setup here is one long-lived connection. Its transactions are tracked per
 * connection with a nesting counter, so two commands in flight on one connection would share a
 * transaction and be acknowledged before their commit; commands are therefore run one at a time,
 * each durable (synchronous=FULL) when it is acknowledged, which is what the ledger promises too.
 */
export const peersDirectory = join(__dirname, '..', 'peers');

interface EmmettConnection {
  command(sql: string, values?: unknown[]): Promise<unknown>;
  querySingle<T>(sql: string, values?: unknown[]): Promise<T | null>;
  close(): void;
}

interface StoredEvent {
  readonly type: string;
  readonly data: Record<string, string | number | boolean | null>;
  readonly metadata?: Record<string, unknown>;
}

type Handle = (store: unknown, streamId: string, decide: (state: AccountState) => StoredEvent[]) => Promise<unknown>;

interface EmmettSqliteModule {
  sqliteConnection(options: { fileName: string }): EmmettConnection;
  getSQLiteEventStore(options: { fileName: string; connectionOptions: { singleton: true; connection: EmmettConnection } }): { schema: { migrate(): Promise<void> } };
}

interface EmmettCoreModule {
  CommandHandler(options: { evolve: (state: AccountState, event: StoredEvent) => AccountState; initialState: () => AccountState }): Handle;
}

export interface EmmettInput {
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly seed: number;
}

export interface EmmettOutput {
  readonly run: DriveResult;
  readonly emmettVersion: string;
  readonly concurrency: number;
  readonly synchronous: number;
  readonly journalMode: string;
  readonly setUpSeconds: number;
  readonly peakRssMb: number;
}

class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

function registry(): RegistryState {
  const state = new RegistryState();
  for (const program of nationalTargetPrograms2021To2025) {
    const decision = decideRegisterProgram(state, program);
    if (decision.ok) decision.events.forEach((event) => state.evolve(event));
  }
  for (const unit of dienBien2024Localities) {
    const decision = decideRegisterLocality(state, unit);
    if (decision.ok) decision.events.forEach((event) => state.evolve(event));
  }
  return state;
}

async function run(input: EmmettInput): Promise<EmmettOutput> {
  const peerRequire = createRequire(join(peersDirectory, 'package.json'));
  const emmett = peerRequire('@event-driven-io/emmett') as EmmettCoreModule;
  const emmettSqlite = peerRequire('@event-driven-io/emmett-sqlite') as EmmettSqliteModule;
  const emmettVersion = (JSON.parse(readFileSync(join(peersDirectory, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json'), 'utf8')) as { version: string }).version;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-emmett-'));
  const fileName = join(dir, 'emmett.sqlite');
  const connection = emmettSqlite.sqliteConnection({ fileName });
  try {
    const store = emmettSqlite.getSQLiteEventStore({ fileName, connectionOptions: { singleton: true, connection } });
    await store.schema.migrate();
    const view = registry();
    const today = vietnamDate(new Date());
    const handlers = new Map<string, Handle>();
    const handlerFor = (key: AccountKey): Handle => {
      const streamId = accountStreamId(key);
      let handler = handlers.get(streamId);
      if (!handler) {
        handler = emmett.CommandHandler({
          evolve: (state, event) => evolveAccount(state, decodeEvent(event.type, event.data, 1) as AccountEvent, key),
          initialState: () => initialAccountState,
        });
        handlers.set(streamId, handler);
      }
      return handler;
    };
    const execute = async (key: AccountKey, command: AccountCommand, commandId: string, decisionRef: string | null): Promise<'accepted' | 'refused'> => {
      try {
        await handlerFor(key)(store, accountStreamId(key), (state) => {
          // The command id doubles as the id of the transfer or disbursement it starts.
          const decision = decideAccount(command, state, { registry: view, today, firstEventId: commandId, effectiveDate: '2024-06-15', decisionRef, policy: defaultLedgerPolicy, jurisdiction: null, actorId: 'bench', now: new Date().toISOString() });
          if (!decision.ok) throw new RefusedError(decision.refusal);
          const recordedAt = new Date().toISOString();
          return decision.events.map((event) => ({
            type: event.type,
            data: encodeEventData(event),
            metadata: { commandId, correlationId: commandId, causationId: commandId, actor: { id: 'bench', role: 'operator', jurisdiction: null }, decisionRef, effectiveDate: '2024-06-15', recordedAt, schemaVersion: 1 },
          }));
        });
        return 'accepted';
      } catch (error) {
        if (error instanceof RefusedError) return 'refused';
        throw error;
      }
    };

    // Set-up is not measured, so it runs without waiting for the disk; the run itself is durable.
    const setUpStartedMs = performance.now();
    await connection.command('PRAGMA synchronous = OFF');
    const layout = workloadLayout();
    let transferSequence = 0;
    for (const key of layout.nationalAccounts) {
      await execute(key, { kind: 'AssignBudget', account: key, amountVnd: layout.nationalBudgetVnd }, `emmett-assign-${accountStreamId(key)}`, 'ASSIGN');
    }
    const nationalByLine = new Map(layout.nationalAccounts.map((key) => [`${key.programCode}.${key.planYear}.${key.capitalType}.${key.budgetSource}`, key]));
    for (const to of layout.localityAccounts) {
      const from = nationalByLine.get(`${to.programCode}.${to.planYear}.${to.capitalType}.${to.budgetSource}`) as AccountKey;
      transferSequence += 1;
      const transferId = `emmett-transfer-${transferSequence}`;
      await execute(from, { kind: 'AllocateFunds', account: from, to, amountVnd: layout.localityBalanceVnd }, transferId, 'ALLOC');
      await execute(to, { kind: 'ReceiveFunds', account: to, from, amountVnd: layout.localityBalanceVnd, transferId, transferKind: 'allocation' }, `credit-${transferId}`, 'ALLOC');
    }
    await connection.command('PRAGMA synchronous = FULL');
    const setUpSeconds = round((performance.now() - setUpStartedMs) / 1000, 2);
    const synchronous = (await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous ?? -1;
    const journalMode = (await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode ?? 'unknown';

    const generator = new WorkloadGenerator(layout, input.seed, `emmett-${input.seed}`);
    const toDomain = (command: WorkloadCommand): [AccountKey, AccountCommand, string | null] =>
      command.kind === 'disburse'
        ? [command.account, { kind: 'RecordDisbursement', account: command.account, amountVnd: command.amountVnd, voucherRef: command.voucherRef, disbursedOn: command.disbursedOn }, null]
        : [command.from, { kind: 'AllocateFunds', account: command.from, to: command.to, amountVnd: command.amountVnd }, command.decisionRef];
    const concurrency = 1;
    const result = await drive({
      next: () => generator.next(),
      execute: (command) => {
        const [key, domainCommand, decisionRef] = toDomain(command);
        return execute(key, domainCommand, command.commandId, decisionRef);
      },
      concurrency,
      warmupMs: input.warmupMs,
      durationMs: input.durationMs,
    });
    if (result.errors > 0) throw new Error(`${result.errors} Emmett commands failed; first: ${result.firstError}`);
    return { run: result, emmettVersion, concurrency, synchronous, journalMode, setUpSeconds, peakRssMb: peakRssMb() };
  } finally {
    connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) childMain(run);
