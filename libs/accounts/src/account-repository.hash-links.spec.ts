import { accountStreamId, parseAccountId, RegistryState, type AccountKey } from '@ledger/domain';
import { registryFixtureEvents } from '@ledger/domain/testing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { ChainVerifier, hashLinkOf } from '@ledger/audit';
import { uuidv7Generator, type Clock, type CommandContext } from '@ledger/commands';
import { AccountRepository, type RegistrySource } from './account-repository';

// The hash links the repository stamps at decide time: right after a cold load, after another
// writer appended, and as the first link after events written before links existed.

const registryState = new RegistryState();
for (const event of registryFixtureEvents) registryState.evolve(event);
const registry: RegistrySource = { view: registryState, catchUp: async () => false };
const clock: Clock = { now: () => new Date('2024-06-14T03:00:00.000Z') };
const national = parseAccountId('DTTS.2024.VN.DTPT.NSTW._') as AccountKey;
const streamId = accountStreamId(national);
let commandCount = 0;

function context(): CommandContext {
  commandCount += 1;
  return { commandId: `hash-link-${commandCount}`, correlationId: 'test', causationId: 'test', actor: { id: 'officer', role: 'finance-officer', jurisdiction: 'VN' }, decisionRef: '1719/QĐ-TTg', effectiveDate: null };
}

const assign = (repository: AccountRepository, amountVnd: bigint) => repository.execute({ kind: 'AssignBudget', account: national, amountVnd }, context());

async function verified(store: SqliteEventStore) {
  const verifier = new ChainVerifier();
  for (const event of await store.readAll()) verifier.add(event);
  return verifier.report();
}

describe('AccountRepository hash links', () => {
  let store: SqliteEventStore;
  beforeEach(async () => {
    store = await SqliteEventStore.open({ filePath: ':memory:' });
  });
  afterEach(() => store.close());

  it('links each event to the one before it, across processes writing the same stream and cold loads', async () => {
    const first = new AccountRepository(store, clock, uuidv7Generator, registry);
    const second = new AccountRepository(store, clock, uuidv7Generator, registry);
    await assign(first, 1n);
    await assign(first, 2n);
    // The second process has never read the stream; then the first writes on a stale cache.
    await assign(second, 3n);
    await assign(first, 4n);
    await assign(new AccountRepository(store, clock, uuidv7Generator, registry), 5n);
    const events = await store.readStream(streamId);
    const links = events.map((event) => hashLinkOf(event.metadata));
    expect(links.every((link) => link !== undefined)).toBe(true);
    expect(links[0]?.previousHash).toBeNull();
    for (let index = 1; index < links.length; index += 1) expect(links[index]?.previousHash).toBe(links[index - 1]?.hash);
    const report = await verified(store);
    expect({ events: report.events, linked: report.linkedEvents, breaks: report.breakCount }).toEqual({ events: 5, linked: 5, breaks: 0 });
  });

  it('starts the chain at the first linked event after events written before links existed', async () => {
    await store.appendToStream(
      streamId,
      [{ id: uuidv7Generator.next(), type: 'BudgetAssigned', data: { amountVnd: '7' }, metadata: { schemaVersion: 1, effectiveDate: '2024-06-01', recordedAt: '2024-06-01T00:00:00.000Z' } }],
      { expectedRevision: 'no_stream' },
    );
    await assign(new AccountRepository(store, clock, uuidv7Generator, registry), 1n);
    await assign(new AccountRepository(store, clock, uuidv7Generator, registry), 2n);
    const [legacy, firstLinked, secondLinked] = await store.readStream(streamId);
    expect(hashLinkOf(legacy.metadata)).toBeUndefined();
    expect(hashLinkOf(firstLinked.metadata)?.previousHash).toBeNull();
    expect(hashLinkOf(secondLinked.metadata)?.previousHash).toBe(hashLinkOf(firstLinked.metadata)?.hash);
    const report = await verified(store);
    expect({ legacy: report.unlinkedLegacyEvents, legacyStreams: report.legacyStreams, linked: report.linkedEvents, breaks: report.breakCount }).toEqual({ legacy: 1, legacyStreams: 1, linked: 2, breaks: 0 });
  });
});
