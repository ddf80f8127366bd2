import { accountId, accountStreamId, parseAccountId, type AccountKey, type Vnd } from '@ledger/domain';
import type { AppendOptions, AppendResult, EventStore, EventToAppend } from '@ledger/event-store';
import { ForwardingEventStore } from '@ledger/event-store/testing';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';
import { AccountRepository, EventStoreAccountDirectory, HandOverAccountsService } from '@ledger/accounts';
import { RegistryService } from '@ledger/registry';
import { TransferProcessManager } from '@ledger/transfers';
import { uuidv7Generator, type Clock, type CommandContext } from '@ledger/commands';
import { defaultLedgerPolicy } from '@ledger/domain';
import { dienBien2024Localities, nationalTargetPrograms2021To2025, reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from '@ledger/registry-import';

/*
 * A hand-over of a whole province's districts, through the real repository, process manager and
 * SQLite store: balances conserved to the đồng, and a run interrupted by a crash that, run again,
 * moves nothing twice.
 */

const clock: Clock = { now: () => new Date('2025-07-15T03:00:00.000Z') };
const line = (localityId: string, componentCode: string | null = null): AccountKey => ({ programCode: 'DTTS', planYear: 2024, localityId, capitalType: 'DTPT', budgetSource: 'NSTW', componentCode });

/** Hand-over steps' appends fail from the `failFrom`-th on: the process died there. `afterAppend` lets the one append land first. */
class CrashingEventStore extends ForwardingEventStore {
  handOverAppends = 0;
  failFrom = Number.POSITIVE_INFINITY;
  afterAppend = false;
  override async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (!options.command?.commandId.startsWith('ledger/handover/')) return this.inner.appendToStream(streamId, events, options);
    this.handOverAppends += 1;
    if (this.handOverAppends < this.failFrom) return this.inner.appendToStream(streamId, events, options);
    if (this.afterAppend && this.handOverAppends === this.failFrom) await this.inner.appendToStream(streamId, events, options);
    throw new Error('the process died here');
  }
}

const operator = { id: 'test', role: 'operator', jurisdiction: null };
function context(commandId: string, decisionRef: string, effectiveDate: string): CommandContext {
  return { commandId, correlationId: commandId, causationId: commandId, actor: operator, decisionRef, effectiveDate };
}

describe('hand-over of a province’s districts', () => {
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  let registry: RegistryService;
  let manager: TransferProcessManager;
  const districts = dienBien2024Localities.filter((unit) => unit.level === 'district' && unit.parentId === '11').map((unit) => unit.localityId);
  /** Balances of the district accounts before the hand-over, by account id. */
  const before = new Map<string, Vnd>();

  /** A repository and a hand-over service as a fresh process has them. */
  const process = (eventStore: EventStore) => {
    const accounts = new AccountRepository(eventStore, clock, uuidv7Generator, registry, { policy: defaultLedgerPolicy });
    return { accounts, handOvers: new HandOverAccountsService(accounts, registry, new EventStoreAccountDirectory(eventStore), clock, defaultLedgerPolicy) };
  };

  beforeAll(async () => {
    store = await SqliteEventStore.open({ filePath: ':memory:' });
    checkpoints = new SqliteCheckpointStore(':memory:');
    registry = new RegistryService(store, clock, uuidv7Generator);
    const setup = context('setup', 'setup', '2024-01-01');
    for (const program of nationalTargetPrograms2021To2025) await registry.registerProgram(program, { ...setup, commandId: `program-${program.programCode}` });
    await registry.importLocalities([...dienBien2024Localities, ...reorganisation2025PredecessorLocalities, ...reorganisation2025Localities], reorganisation2025Successions, setup);
    const { accounts } = process(store);
    manager = new TransferProcessManager(store, checkpoints, accounts, clock);
    await manager.start();
    // 2024: the nation funds Điện Biên, which allocates to every district, to two components too;
    // one district disburses, one has its deadline extended, one allocates on to a commune.
    let n = 0;
    const run = async (command: Parameters<AccountRepository['execute']>[0], date: string) => accounts.execute(command, context(`c-${(n += 1)}`, `QĐ-${n}/2024`, date));
    await run({ kind: 'AssignBudget', account: line('VN'), amountVnd: 10_000_000_000_007n }, '2024-01-05');
    await manager.waitFor((await run({ kind: 'AllocateFunds', account: line('VN'), to: line('11'), amountVnd: 10_000_000_000_007n }, '2024-01-10')).position, 10_000);
    await manager.waitFor((await run({ kind: 'AllocateFunds', account: line('11'), to: line('11', 'DA4'), amountVnd: 2_000_000_000_000n }, '2024-01-20')).position, 10_000);
    let last = 0n;
    for (const [index, district] of districts.entries()) {
      last = (await run({ kind: 'AllocateFunds', account: line('11'), to: line(district), amountVnd: 700_000_000_000n + BigInt(index) * 1_000_003n }, '2024-02-26')).position;
      if (index % 3 === 0) last = (await run({ kind: 'AllocateFunds', account: line('11', 'DA4'), to: line(district, 'DA4'), amountVnd: 150_000_000_001n }, '2024-02-26')).position;
    }
    await manager.waitFor(last, 10_000);
    await run({ kind: 'RecordDisbursement', account: line('094'), amountVnd: 12_345_678_901n, voucherRef: 'KBNN-094-1', disbursedOn: '2024-05-20' }, '2024-05-20');
    await run({ kind: 'ExtendDisbursementDeadline', account: line('096'), newDeadline: '2025-12-31', specialResolution: false }, '2025-01-20');
    await manager.waitFor((await run({ kind: 'AllocateFunds', account: line('094'), to: line('03127'), amountVnd: 5_000_000_000n }, '2024-03-01')).position, 10_000);
    for (const district of districts) {
      for (const key of [line(district), line(district, 'DA4')]) {
        const loaded = await accounts.loadCurrent(key);
        if (loaded.revision >= 0n) before.set(accountId(key), loaded.state.availableVnd);
      }
    }
  }, 60_000);

  afterAll(async () => {
    await manager.stop();
    await checkpoints.close();
    await store.close();
  });

  const request = { locality: '11', effectiveDate: '2025-07-01', decisionRef: '1234/QĐ-UBND bàn giao', levels: ['district' as const], apportionments: [] };
  const handOverContext = context('handover-1', '1234/QĐ-UBND bàn giao', '2025-07-01');

  it('previews the plan: every district account to the new province, in its original state, adding up to the đồng', async () => {
    const plan = await process(store).handOvers.preview(request, null);
    expect(plan.problems).toEqual([]);
    expect(plan.endedUnits).toEqual(districts);
    expect(plan.steps.map((step) => step.accountId).sort()).toEqual([...before.keys()].sort());
    for (const step of plan.steps) {
      expect(step.shares).toEqual([expect.objectContaining({ toAccountId: accountId({ ...step.account, localityId: '11@2025' }), amountVnd: before.get(step.accountId) })]);
      expect(step.commandId).toMatch(/^ledger\/handover\/[A-Za-z0-9_-]{16}\/DTTS\.2024\.\d{3}\.DTPT\.NSTW\.(DA4|_)@\d+$/);
    }
    const total = [...before.values()].reduce((sum, value) => sum + value, 0n);
    expect(plan.totals).toEqual({ accounts: before.size, balanceVnd: total, sharesVnd: total, inTransitInVnd: 0n });
  });

  it('survives a crash part-way, and run again moves nothing twice: balances conserved to the đồng', async () => {
    const crashing = new CrashingEventStore(store);
    crashing.failFrom = 4;
    crashing.afterAppend = true;
    await expect(process(crashing).handOvers.execute(request, handOverContext)).rejects.toThrow('the process died here');
    const closedByFirstRun = (await readHandOvers()).length;
    expect(closedByFirstRun).toBeGreaterThanOrEqual(4);
    expect(closedByFirstRun).toBeLessThan(before.size);

    const rerun = await process(store).handOvers.execute(request, handOverContext);
    expect(rerun.complete).toBe(true);
    expect(rerun.plan.alreadyHandedOver).toBe(closedByFirstRun);
    expect(rerun.steps.every((step) => step.outcome === 'handed-over')).toBe(true);
    await manager.waitFor(await store.headPosition(), 10_000);

    const debits = await readHandOvers();
    expect(debits).toHaveLength(before.size);
    expect(new Set(debits.map((debit) => debit.streamId)).size).toBe(before.size);
    const { accounts } = process(store);
    let handedOver = 0n;
    for (const [id, availableVnd] of before) {
      const key = parseAccountId(id) as AccountKey;
      const old = await accounts.loadCurrent(key);
      expect(old.state).toMatchObject({ closed: true, closedOn: '2025-07-01', availableVnd: 0n, handedOverVnd: availableVnd });
      handedOver += availableVnd;
    }
    const successorsVnd = (await accounts.loadCurrent(line('11@2025'))).state.availableVnd + (await accounts.loadCurrent(line('11@2025', 'DA4'))).state.availableVnd;
    expect(successorsVnd).toBe(handedOver);
    expect(successorsVnd).toBe([...before.values()].reduce((sum, value) => sum + value, 0n));
  }, 60_000);

  it('keeps the deadline the money had: the extended district’s money reaches the province with 2025-12-31', async () => {
    expect((await process(store).accounts.loadCurrent(line('11@2025'))).state.deadline).toBe('2025-12-31');
    expect((await process(store).accounts.loadCurrent(line('11@2025', 'DA4'))).state.deadline).toBe('2025-01-31');
  });

  it('run a third time, plans nothing and writes nothing', async () => {
    const head = await store.headPosition();
    const again = await process(store).handOvers.execute(request, handOverContext);
    expect(again.plan.steps).toEqual([]);
    expect(again.plan.alreadyHandedOver).toBe(before.size);
    expect(await store.headPosition()).toBe(head);
  });

  it('records a step planned twice once: a second executor of the same plan finds it recorded', async () => {
    const plan = await process(store).handOvers.preview({ ...request, levels: ['commune'] }, null);
    expect(plan.steps.map((step) => step.accountId)).toEqual(['DTTS.2024.03127.DTPT.NSTW._']);
    const [first, second] = await Promise.all([process(store).handOvers.execute({ ...request, levels: ['commune'] }, handOverContext), process(store).handOvers.execute({ ...request, levels: ['commune'] }, handOverContext)]);
    const outcomes = [...first.steps, ...second.steps].map((step) => step.outcome).sort();
    expect(outcomes.filter((outcome) => outcome === 'handed-over')).toHaveLength(1);
    expect(outcomes.every((outcome) => outcome === 'handed-over' || outcome === 'already-recorded')).toBe(true);
    expect((await readHandOvers()).filter((debit) => debit.streamId === accountStreamId(line('03127')))).toHaveLength(1);
  });

  async function readHandOvers() {
    return store.readAll({ filter: { eventTypes: ['FundsHandedOver'] } });
  }
});
