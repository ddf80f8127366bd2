import { join } from 'node:path';
import {
  accountId,
  accountStreamId,
  type AccountEvent,
  type AccountKey,
} from '@ledger/domain';
import { ledgerCommandId, requestHash, systemClock, toStoredEvent, uuidv7Generator, type CommandContext } from '@ledger/commands';
import { nationalTargetPrograms2021To2025 } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { transferProcessManagerName } from '@ledger/transfers';
import type { EventToAppend } from '@ledger/event-store';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';
import { benchContextFor, seedRegistryWith } from './registry-seed';
import { lineAccount, seededRandom, workloadLayout, type WorkloadLayout } from './workload';

/** Appends in flight before the generator waits for them: a few group commits' worth. */
const appendsInFlightMax = 5_000;

export interface GeneratedStore {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly accounts: number;
  readonly transactionsCommitted: number;
}

interface Account {
  readonly key: AccountKey;
  readonly streamId: string;
  readonly id: string;
}

/**
 * Fills a store with a realistic history, fast: the registry, the workload's funding lines and
 * balances, then disbursements (80%) and allocations (20%, half of them to component projects,
 * each a debit and its credit) until the store holds `eventCount` events. Events are built by
 * the application's own `toStoredEvent` (the domain's `encodeEventData` and the full metadata),
 * and each command is one append with its command record and exact expected revision, as the
 * ledger writes them; appends go through `SqliteEventStore.appendToStream` many at a time, so the
 * group commit writes them in large batches. Balances are tracked so that no account goes below
 * zero, and the transfer process manager's checkpoint is set to the head, as on a caught-up system.
 */
export async function generateStore(dataDir: string, eventCount: number, seed: number): Promise<GeneratedStore> {
  const startedMs = performance.now();
  // Generation need not survive a power cut; the measured runs reopen the file with FULL.
  const store = await SqliteEventStore.open({ filePath: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  try {
    await seedRegistryWith(new RegistryService(store, systemClock, uuidv7Generator));
    const writer = new HistoryWriter(store, seed);
    const layout = workloadLayout();
    // Bigger stores move more money: the balances grow with the history so accounts rarely run dry.
    const localityBalanceVnd = layout.localityBalanceVnd * BigInt(Math.max(1, Math.ceil(eventCount / 200_000)));
    await writer.setUp(layout, localityBalanceVnd);
    await writer.fill(layout, eventCount);
    await writer.flush();
    const head = await store.headPosition();
    const checkpoints = new SqliteCheckpointStore(join(dataDir, 'checkpoints.sqlite'));
    await checkpoints.save(transferProcessManagerName, head);
    await checkpoints.close();
    const seconds = (performance.now() - startedMs) / 1000;
    const events = Number(head) + 1;
    return {
      events,
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond: Math.round(events / seconds),
      accounts: writer.accountCount,
      transactionsCommitted: store.stats().transactionsCommitted,
    };
  } finally {
    await store.close();
  }
}

class HistoryWriter {
  private readonly random: () => number;
  private readonly revisions = new Map<string, bigint>();
  private readonly balances = new Map<string, bigint>();
  private readonly funded: Account[] = [];
  private pending: Promise<unknown>[] = [];
  private sequence = 0;
  private eventsWritten = 0;
  private recordedAt = new Date().toISOString();

  constructor(
    private readonly store: SqliteEventStore,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  get accountCount(): number {
    return this.revisions.size;
  }

  async setUp(layout: WorkloadLayout, localityBalanceVnd: bigint): Promise<void> {
    const nationalBudgetVnd = localityBalanceVnd * BigInt(layout.localityAccounts.length / layout.nationalAccounts.length);
    const national = new Map<string, Account>();
    for (const key of layout.nationalAccounts) {
      const account = toAccount(key);
      national.set(lineId(key), account);
      await this.write(account, { type: 'BudgetAssigned', data: { amountVnd: nationalBudgetVnd } }, 'AssignBudget', 'ASSIGN/QD-TTg');
      this.credit(account, nationalBudgetVnd);
    }
    for (const key of layout.localityAccounts) {
      const from = national.get(lineId(key));
      if (!from) throw new Error(`no national account for ${lineId(key)}`);
      await this.transfer(from, toAccount(key), localityBalanceVnd);
    }
  }

  async fill(layout: WorkloadLayout, eventCount: number): Promise<void> {
    const sources = layout.allocationSources.map((source) => ({ from: toAccount(source.from), to: source.to.map(toAccount) }));
    const generalAccounts = layout.localityAccounts.map(toAccount);
    const componentsByProgram = new Map(nationalTargetPrograms2021To2025.map((program) => [program.programCode, program.components.map((component) => component.componentCode)]));
    while (this.eventsWritten < eventCount) {
      if (this.random() < 0.2) {
        if (this.random() < 0.5) {
          const source = sources[Math.floor(this.random() * sources.length)];
          await this.transferIfFunded(source.from, source.to[Math.floor(this.random() * source.to.length)], this.amount(5_000_000, 50_000_000));
        } else {
          const from = generalAccounts[Math.floor(this.random() * generalAccounts.length)];
          const components = componentsByProgram.get(from.key.programCode) ?? [];
          const componentCode = components[Math.floor(this.random() * components.length)];
          await this.transferIfFunded(from, toAccount(lineAccount(from.key, from.key.localityId, componentCode)), this.amount(5_000_000, 50_000_000));
        }
        continue;
      }
      const account = this.funded[Math.floor(this.random() * this.funded.length)];
      const amountVnd = this.amount(1_000_000, 10_000_000);
      if ((this.balances.get(account.streamId) ?? 0n) < amountVnd) continue;
      const disbursementId = uuidv7Generator.next();
      this.balances.set(account.streamId, (this.balances.get(account.streamId) ?? 0n) - amountVnd);
      await this.write(
        account,
        { type: 'FundsDisbursed', data: { disbursementId, amountVnd, voucherRef: `KBNN-${this.sequence + 1}`, disbursedOn: `${account.key.planYear}-06-15` } },
        'RecordDisbursement',
        null,
        disbursementId,
      );
    }
  }

  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
    this.recordedAt = new Date().toISOString();
  }

  private async transferIfFunded(from: Account, to: Account, amountVnd: bigint): Promise<void> {
    if ((this.balances.get(from.streamId) ?? 0n) < amountVnd) return;
    await this.transfer(from, to, amountVnd);
  }

  private async transfer(from: Account, to: Account, amountVnd: bigint): Promise<void> {
    const transferId = uuidv7Generator.next();
    this.balances.set(from.streamId, (this.balances.get(from.streamId) ?? 0n) - amountVnd);
    await this.write(from, { type: 'FundsAllocated', data: { transferId, toAccountId: to.id, amountVnd } }, 'AllocateFunds', `ALLOC-${this.sequence + 1}/QD-UBND`, transferId);
    // The credit, as the transfer process manager records it: its command id names the transfer.
    await this.write(to, { type: 'FundsReceived', data: { transferId, fromAccountId: from.id, amountVnd, transferKind: 'allocation' } }, 'ReceiveFunds', null, undefined, ledgerCommandId('transfer-credit', transferId));
    this.credit(to, amountVnd);
  }

  private credit(account: Account, amountVnd: bigint): void {
    const before = this.balances.get(account.streamId);
    if (before === undefined || before <= 0n) this.funded.push(account);
    this.balances.set(account.streamId, (before ?? 0n) + amountVnd);
  }

  private async write(account: Account, event: AccountEvent, kind: string, decisionRef: string | null, eventId = uuidv7Generator.next(), commandId?: string): Promise<void> {
    this.sequence += 1;
    const context: CommandContext = benchContextFor(commandId ?? `gen-${this.sequence}`, decisionRef);
    const stored: EventToAppend = toStoredEvent(event, eventId, context, { recordedAt: this.recordedAt, effectiveDate: context.effectiveDate ?? '2024-06-15' });
    const revision = this.revisions.get(account.streamId) ?? -1n;
    this.revisions.set(account.streamId, revision + 1n);
    this.pending.push(
      this.store.appendToStream(account.streamId, [stored], {
        expectedRevision: revision < 0n ? 'no_stream' : revision,
        command: { commandId: context.commandId, requestHash: requestHash(kind, { account: account.id, sequence: this.sequence }, context) },
      }),
    );
    this.eventsWritten += 1;
    if (this.pending.length >= appendsInFlightMax) await this.flush();
  }

  private amount(lowVnd: number, highVnd: number): bigint {
    return BigInt(Math.floor((lowVnd + this.random() * (highVnd - lowVnd)) / 1000) * 1000);
  }
}

function toAccount(key: AccountKey): Account {
  return { key, streamId: accountStreamId(key), id: accountId(key) };
}

function lineId(key: AccountKey): string {
  return `${key.programCode}.${key.planYear}.${key.capitalType}.${key.budgetSource}`;
}
