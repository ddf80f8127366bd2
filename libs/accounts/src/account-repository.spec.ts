import { accountStreamId, parseAccountId, type AccountCommand, type AccountKey } from '@ledger/domain';
import { registryFixtureEvents, givenRegistry } from '@ledger/domain/testing';
import { CommandIdConflictError, type AppendOptions, type AppendResult, type EventToAppend } from '@ledger/event-store';
import { InMemoryEventStore } from '@ledger/event-store/testing';
import { CommandRefusedError, ConcurrencyConflictError, StaleRevisionError, type Clock, type CommandContext } from '@ledger/commands';
import { v7 as uuidv7 } from 'uuid';
import { AccountRepository, type RegistrySource } from './account-repository';

// The repository on the in-memory test double of the event store: every branch of its write path, in milliseconds.

const clock: Clock = { now: () => new Date('2024-06-15T03:00:00.000Z') };
const ids = { next: () => uuidv7() };
const nation = parseAccountId('DTTS.2024.VN.DTPT.NSTW._') as AccountKey;
const province = parseAccountId('DTTS.2024.11.DTPT.NSTW._') as AccountKey;

function registry(): RegistrySource & { catchUps: number } {
  const view = givenRegistry(registryFixtureEvents);
  const source = { view, catchUps: 0, catchUp: async () => ((source.catchUps += 1), false) };
  return source;
}

function context(commandId: string, overrides: Partial<CommandContext> = {}): CommandContext {
  return { commandId, correlationId: commandId, causationId: commandId, actor: { id: 'officer', role: 'finance-officer', jurisdiction: 'VN' }, decisionRef: 'QĐ', effectiveDate: '2024-06-01', ...overrides };
}

const assign = (amountVnd: bigint): AccountCommand => ({ kind: 'AssignBudget', account: nation, amountVnd });
const allocate = (amountVnd: bigint): AccountCommand => ({ kind: 'AllocateFunds', account: nation, to: province, amountVnd });

/** A store where another writer slips an event into a stream before each of the next `times` appends to it. */
class RacingStore extends InMemoryEventStore {
  races = 0;
  constructor(private readonly racedStream: string) {
    super();
  }
  override async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (streamId === this.racedStream && this.races > 0) {
      this.races -= 1;
      await super.appendToStream(streamId, [{ id: uuidv7(), type: 'BudgetAssigned', data: { amountVnd: '1' }, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' });
    }
    return super.appendToStream(streamId, events, options);
  }
}

describe('AccountRepository', () => {
  it('decides and appends with the command record, and answers a retry with the first result', async () => {
    const store = new InMemoryEventStore();
    const accounts = new AccountRepository(store, clock, ids, registry());
    const first = await accounts.execute(assign(1_000n), context('c-1'));
    expect(first).toMatchObject({ commandId: 'c-1', revision: 0n, duplicate: false });
    expect((await accounts.execute(assign(1_000n), context('c-1'))).duplicate).toBe(true);
    // A second repository (another process, or after a restart) recognises it from the store alone.
    const restarted = new AccountRepository(store, clock, ids, registry());
    expect(await restarted.execute(assign(1_000n), context('c-1'))).toMatchObject({ eventIds: first.eventIds, duplicate: true });
    expect(await store.readStream(accountStreamId(nation))).toHaveLength(1);
  });

  it('refuses the same command id with other content, and writes nothing', async () => {
    const store = new InMemoryEventStore();
    const accounts = new AccountRepository(store, clock, ids, registry());
    await accounts.execute(assign(1_000n), context('c-1'));
    await expect(accounts.execute(assign(2_000n), context('c-1'))).rejects.toThrow(CommandIdConflictError);
    await expect(accounts.execute(assign(1_000n), context('c-1', { decisionRef: 'another' }))).rejects.toThrow(CommandIdConflictError);
    expect(await store.readStream(accountStreamId(nation))).toHaveLength(1);
  });

  it('keeps the ids of users apart: one id in two namespaces is two commands', async () => {
    const accounts = new AccountRepository(new InMemoryEventStore(), clock, ids, registry());
    const a = await accounts.execute(assign(1n), context('same', { idScope: 'user-a' }));
    const b = await accounts.execute(assign(2n), context('same', { idScope: 'user-b' }));
    expect([a.duplicate, b.duplicate]).toEqual([false, false]);
    expect(b.commandId).toBe('same');
  });

  it('decides again when another writer moved the stream, a bounded number of times', async () => {
    const store = new RacingStore(accountStreamId(nation));
    const accounts = new AccountRepository(store, clock, ids, registry());
    await accounts.execute(assign(1_000n), context('c-1'));
    store.races = 2;
    expect(await accounts.execute(allocate(10n), context('c-2'))).toMatchObject({ revision: 3n, duplicate: false });
    store.races = 10;
    await expect(accounts.execute(allocate(10n), context('c-3'))).rejects.toThrow(ConcurrencyConflictError);
  });

  it('applies a command sent with If-Match only at that revision, with no retry', async () => {
    const store = new InMemoryEventStore();
    const accounts = new AccountRepository(store, clock, ids, registry());
    await accounts.execute(assign(1_000n), context('c-1'));
    await expect(accounts.execute(allocate(1n), context('c-2'), { expectedRevision: 5n })).rejects.toThrow(StaleRevisionError);
    expect(await accounts.execute(allocate(1n), context('c-3'), { expectedRevision: 0n })).toMatchObject({ revision: 1n });
  });

  it('refuses a broken rule with the refusal, and answers a retry of a recorded command even when the money is now gone', async () => {
    const store = new InMemoryEventStore();
    const accounts = new AccountRepository(store, clock, ids, registry());
    await accounts.execute(assign(100n), context('c-1'));
    const spent = await accounts.execute(allocate(100n), context('c-2'));
    await expect(accounts.execute(allocate(1n), context('c-3'))).rejects.toMatchObject({ refusal: { code: 'INSUFFICIENT_FUNDS' } });
    await expect(accounts.execute(allocate(1n), context('c-3'))).rejects.toThrow(CommandRefusedError);
    expect(await accounts.execute(allocate(100n), context('c-2'))).toMatchObject({ eventIds: spent.eventIds, duplicate: true });
  });

  it('catches the registry up once when a refusal may only mean another process registered something', async () => {
    const source = registry();
    const accounts = new AccountRepository(new InMemoryEventStore(), clock, ids, source);
    const unknown = parseAccountId('CT135.2024.VN.DTPT.NSTW._') as AccountKey;
    await expect(accounts.execute({ kind: 'AssignBudget', account: unknown, amountVnd: 1n }, context('c-1'))).rejects.toMatchObject({ refusal: { code: 'UNKNOWN_PROGRAM' } });
    expect(source.catchUps).toBe(1);
  });

  it('queues concurrent commands on one account instead of conflicting', async () => {
    const store = new InMemoryEventStore();
    const accounts = new AccountRepository(store, clock, ids, registry());
    await accounts.execute(assign(1_000n), context('c-0'));
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => accounts.execute(allocate(10n), context(`c-${index + 1}`))));
    expect(results.map((result) => result.revision).sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 20 }, (_, index) => BigInt(index + 1)));
  });

  it('stamps the effective date the client gave, or today in Vietnam, and marks a late entry', async () => {
    const store = new InMemoryEventStore();
    const accounts = new AccountRepository(store, clock, ids, registry());
    await accounts.execute(assign(1n), context('c-1', { effectiveDate: null }));
    await accounts.execute(assign(1n), context('c-2', { effectiveDate: '2024-01-05' }));
    const [today, late] = await store.readStream(accountStreamId(nation));
    expect(today.metadata).toMatchObject({ effectiveDate: '2024-06-15' });
    expect(today.metadata.lateEntry).toBeUndefined();
    expect(late.metadata).toMatchObject({ effectiveDate: '2024-01-05', lateEntry: true, daysLate: 162 });
  });
});
