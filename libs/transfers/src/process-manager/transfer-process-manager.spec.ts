import { accountStreamId, parseAccountId, type AccountKey } from '@ledger/domain';
import type { AppendOptions, AppendResult, EventStore, EventToAppend } from '@ledger/event-store';
import { ForwardingEventStore } from '@ledger/event-store/testing';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';
import { v7 as uuidv7 } from 'uuid';
import { AccountRepository, type RegistrySource } from '@ledger/accounts';
import { uuidv7Generator, type Clock } from '@ledger/commands';
import { TransferProcessManager } from './transfer-process-manager';

// The real SQLite engine, in memory: these tests run in milliseconds and need no files.

const noRegistry: RegistrySource = { view: { locality: () => undefined, program: () => undefined }, catchUp: async () => false };
const clock: Clock = { now: () => new Date('2024-06-14T03:00:00.000Z') };
const province = parseAccountId('DTTS.2024.11.DTPT.NSTW._') as AccountKey;
const district = parseAccountId('DTTS.2024.096.DTPT.NSTW._') as AccountKey;

/** An event store whose appends to one stream fail while `failing` is above zero, as a store that is down would. */
class FlakyEventStore extends ForwardingEventStore {
  failing = 0;
  constructor(
    inner: EventStore,
    private readonly streamId: string,
  ) {
    super(inner);
  }
  override appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (streamId === this.streamId && this.failing > 0) {
      this.failing -= 1;
      return Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
    }
    return this.inner.appendToStream(streamId, events, options);
  }
}

interface Rig {
  readonly store: SqliteEventStore;
  readonly flaky: FlakyEventStore;
  readonly checkpoints: SqliteCheckpointStore;
  readonly manager: TransferProcessManager;
  /** A new process manager on the same stores, as after a restart. */
  restart(): Promise<TransferProcessManager>;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const store = await SqliteEventStore.open({ filePath: ':memory:' });
  const flaky = new FlakyEventStore(store, accountStreamId(district));
  const checkpoints = new SqliteCheckpointStore(':memory:');
  const make = () => new TransferProcessManager(flaky, checkpoints, new AccountRepository(flaky, clock, uuidv7Generator, noRegistry), clock, { creditRetryDelayMs: 1 });
  let manager = make();
  await manager.start();
  return {
    store,
    flaky,
    checkpoints,
    get manager() {
      return manager;
    },
    async restart() {
      await manager.stop();
      manager = make();
      await manager.start();
      return manager;
    },
    async close() {
      await manager.stop();
      await checkpoints.close();
      await store.close();
    },
  };
}

/** Writes a debit straight into the province's stream, as the account repository would after deciding it. */
async function debit(store: EventStore, data: Record<string, string>, type = 'FundsAllocated'): Promise<bigint> {
  const result = await store.appendToStream(accountStreamId(province), [{ id: uuidv7(), type, data, metadata: { schemaVersion: 1, effectiveDate: '2024-06-14', decisionRef: '412/QĐ-UBND' } }], {
    expectedRevision: 'any',
  });
  return result.position;
}

function allocation(transferId: string, amountVnd: string): Record<string, string> {
  return { transferId, toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd };
}

async function creditedTransfers(store: EventStore): Promise<string[]> {
  const events = await store.readStream(accountStreamId(district));
  return events.filter((event) => event.type === 'FundsReceived').map((event) => String(event.data.transferId));
}

describe('TransferProcessManager', () => {
  let current: Rig;
  beforeEach(async () => {
    current = await rig();
  });
  afterEach(async () => {
    await current.close();
  });

  it("records each credit under the ledger's own command id, once", async () => {
    const transferId = uuidv7();
    const position = await debit(current.store, allocation(transferId, '9000000000'));
    await current.manager.waitFor(position, 5_000);
    const [credit] = await current.store.readStream(accountStreamId(district));
    expect(credit.metadata.commandId).toBe(`ledger/transfer-credit/${transferId}`);
    // The checkpoint moves to the debit once its credit is recorded, and is saved on stop.
    await current.restart();
    expect(await current.checkpoints.load('transfer-process-manager')).toBe(position);
    await current.manager.waitFor(position, 5_000);
    expect(await creditedTransfers(current.store)).toEqual([transferId]);
  });

  it('credits a transfer whose old-style credit id a client took first', async () => {
    const transferId = uuidv7();
    // The attack of the hardening issue: a client command recorded under `transfer-credit:{transferId}`.
    await current.store.appendToStream(accountStreamId(province), [{ id: uuidv7(), type: 'BudgetAssigned', data: { amountVnd: '1' }, metadata: { schemaVersion: 1 } }], {
      expectedRevision: 'any',
      command: { commandId: `transfer-credit:${transferId}`, requestHash: 'client-hash' },
    });
    const position = await debit(current.store, allocation(transferId, '5'));
    await current.manager.waitFor(position, 5_000);
    expect(await creditedTransfers(current.store)).toEqual([transferId]);
    expect(await current.manager.countParked()).toBe(0);
  });

  it('parks a credit the destination refuses, and credits the transfers after it', async () => {
    const refused = uuidv7();
    const later = uuidv7();
    await debit(current.store, allocation(refused, '0'));
    const position = await debit(current.store, allocation(later, '7'));
    await current.manager.waitFor(position, 5_000);
    expect(current.manager.status).toMatchObject({ running: true, failure: null });
    expect(current.manager.position).toBe(position);
    expect(await creditedTransfers(current.store)).toEqual([later]);
    const [parked] = await current.manager.listParked();
    expect(parked).toMatchObject({ key: refused, code: 'CREDIT_REFUSED', attempts: 1 });
    expect(parked.reason).toContain('AMOUNT');
    // An operator's retry is refused the same way: it stays parked, with one more attempt.
    expect(await current.manager.retryParked(refused)).toMatchObject({ outcome: 'still-parked', parked: { key: refused, attempts: 2 } });
    expect(await current.manager.retryParked('no-such-transfer')).toEqual({ outcome: 'not-parked' });
  });

  it('parks a credit whose ledger id is already taken, a debit that does not decode, and one naming no account', async () => {
    const taken = uuidv7();
    await current.store.appendToStream(accountStreamId(district), [{ id: uuidv7(), type: 'BudgetAssigned', data: { amountVnd: '1' }, metadata: { schemaVersion: 1 } }], {
      expectedRevision: 'any',
      command: { commandId: `ledger/transfer-credit/${taken}`, requestHash: 'another-command' },
    });
    await debit(current.store, allocation(taken, '5'));
    const undecodable = uuidv7();
    await debit(current.store, { transferId: undecodable, toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd: 'five' });
    const unparsable = uuidv7();
    const position = await debit(current.store, { transferId: unparsable, toAccountId: 'not an account', amountVnd: '5' });
    await current.manager.waitFor(position, 5_000);
    const parked = await current.manager.listParked();
    expect(parked.map((entry) => [entry.key, entry.code])).toEqual([
      [taken, 'CREDIT_COMMAND_ID_TAKEN'],
      [undecodable, 'DEBIT_UNREADABLE'],
      [unparsable, 'DEBIT_UNREADABLE'],
    ]);
    expect(current.manager.status.running).toBe(true);
  });

  it('rides out a store that fails a few times, and parks a credit the store keeps failing until it is retried', async () => {
    const survives = uuidv7();
    current.flaky.failing = 3;
    const first = await debit(current.store, allocation(survives, '11'));
    await current.manager.waitFor(first, 5_000);
    expect(await creditedTransfers(current.store)).toEqual([survives]);

    const stuck = uuidv7();
    current.flaky.failing = 1_000;
    const second = await debit(current.store, allocation(stuck, '13'));
    await current.manager.waitFor(second, 5_000);
    const [parked] = await current.manager.listParked();
    expect(parked).toMatchObject({ key: stuck, code: 'CREDIT_STORE_ERROR', attempts: 8 });
    // The store's own words stay in the log, not in what operators' screens show.
    expect(parked.reason).not.toContain('SQLITE');

    current.flaky.failing = 0;
    const retried = await current.manager.retryParked(stuck);
    expect(retried.outcome).toBe('credited');
    expect(await current.manager.countParked()).toBe(0);
    expect(await creditedTransfers(current.store)).toEqual([survives, stuck]);
  });

  it('keeps parked credits across a restart and unparks one that succeeds when re-driven', async () => {
    const stuck = uuidv7();
    current.flaky.failing = 1_000;
    const position = await debit(current.store, allocation(stuck, '17'));
    await current.manager.waitFor(position, 5_000);
    expect(await current.manager.countParked()).toBe(1);
    // The checkpoint is set back, as after a crash before it was saved: the debit is read again.
    await current.manager.stop();
    await current.checkpoints.save('transfer-process-manager', position - 1n);
    current.flaky.failing = 0;
    const restarted = await current.restart();
    await restarted.waitFor(position, 5_000);
    expect(await creditedTransfers(current.store)).toEqual([stuck]);
    expect(await restarted.countParked()).toBe(0);
  });
});
