import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { parseEventStoreUrl } from '@ledger/config';
import { CommandIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { EventStore, EventToAppend } from '@ledger/event-store';
import { runEventStoreContract, SubscriptionRecorder } from '@ledger/event-store/testing';
import { EsdbEventStore, toClientConnectionString } from '@ledger/event-store-esdb';
import type { RetryPolicy } from '@ledger/event-store-esdb';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { subscriptionBufferMessageCountMax } from './esdb-subscription';

/** Short delays so the reconnect tests take a fraction of a second, with room for a slow CI machine. */
const testRetry: RetryPolicy = { attemptsMax: 30, delayMsInitial: 10, delayMsMax: 200 };

async function openStore(connectionString: string): Promise<EsdbEventStore> {
  return EsdbEventStore.open({ connectionString, retry: testRetry, subscriptionReconnect: testRetry });
}

/** One harness per test on a server shared by every test of the suite, as the contract allows. */
function harnessOn(connectionString: () => string) {
  return async () => {
    let current: EventStore = await openStore(connectionString());
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await openStore(connectionString());
        return current;
      },
      dispose: async () => {
        await current.close();
      },
    };
  };
}

describe('EsdbEventStore against the test double', () => {
  let double: EsdbTestDouble;

  beforeAll(async () => {
    // The claims already put other records between the application's events; the links of
    // EventStoreDB's projections are left to the adapter-specific tests, to keep this suite fast.
    double = await EsdbTestDouble.start();
  });

  afterAll(async () => {
    await double.stop();
  });

  runEventStoreContract('eventstoredb (test double)', harnessOn(() => double.connectionString));
});

const realServerUrl = process.env.EVENTSTORE_TEST_URL;
if (realServerUrl !== undefined && realServerUrl !== '') {
  const parsed = parseEventStoreUrl(realServerUrl);
  if (parsed.kind !== 'eventstoredb') throw new Error(`EVENTSTORE_TEST_URL must name an EventStoreDB server, got ${parsed.kind}`);
  describe('EsdbEventStore against a real server', () => {
    runEventStoreContract('eventstoredb (real server)', harnessOn(() => parsed.connectionString));
  });
} else {
  // Said while the tests are collected: jest runs no hook of a block whose tests are all skipped.
  console.warn(
    'Skipping the event store contract against a real EventStoreDB: EVENTSTORE_TEST_URL is not set ' +
      '(for example EVENTSTORE_TEST_URL=esdb://127.0.0.1:2113?tls=false; see docs/event-store-eventstoredb.md).',
  );
  describe('EsdbEventStore against a real server', () => {
    it.skip('runs the contract when EVENTSTORE_TEST_URL names a server', () => undefined);
  });
}

describe('EsdbEventStore, adapter-specific behaviour', () => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;
  let raw: EventStoreDBClient;

  beforeEach(async () => {
    double = await EsdbTestDouble.start({ linkEventsByType: true });
    store = await openStore(double.connectionString);
    raw = EventStoreDBClient.connectionString(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await raw.dispose();
    await double.stop();
  });

  describe('a lost connection', () => {
    it('a subscription stopped mid catch-up resumes after its last event: nothing twice, nothing missed', async () => {
      const stored = newEvents(subscriptionBufferMessageCountMax * 2);
      for (let start = 0; start < stored.length; start += 500) {
        await store.appendToStream('account-resume', stored.slice(start, start + 500), { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) });
      }
      // Nobody reads yet: the subscription fills its buffer and stops reading mid catch-up.
      const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['account-'] } });
      await waitUntil('the first connection', () => double.subscriptionsOpened === 1);
      await double.stop();
      await double.restart();

      const live = newEvents(3);
      await store.appendToStream('account-resume', live, { expectedRevision: BigInt(stored.length - 1) });
      const recorder = new SubscriptionRecorder(subscription);
      await recorder.waitFor('every event', () => recorder.events().length === stored.length + live.length);

      expect(recorder.events().map((event) => event.id)).toEqual([...ids(stored), ...ids(live)]);
      expect(recorder.caughtUpCount()).toBe(1);
      expect(double.subscriptionsOpened).toBeGreaterThanOrEqual(2);
      await subscription.close();
    });

    it('a live subscription resumes after a restart of the server and receives what was appended after it', async () => {
      const first = newEvents(2);
      await store.appendToStream('account-live', first, { expectedRevision: 'no_stream' });
      const recorder = new SubscriptionRecorder(store.subscribeToAll({ filter: { eventTypes: ['Noted'] } }));
      await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);

      await double.stop();
      await double.restart();
      const second = newEvents(2);
      await store.appendToStream('account-live', second, { expectedRevision: 1n });
      await recorder.waitFor('the events appended after the restart', () => recorder.events().length === 4);

      expect(recorder.events().map((event) => event.id)).toEqual([...ids(first), ...ids(second)]);
      expect(recorder.caughtUpCount()).toBe(1);
      await recorder.subscription.close();
    });

    it('reads and appends wait for a server that comes back within the retry policy', async () => {
      await store.appendToStream('account-outage', newEvents(1), { expectedRevision: 'no_stream' });
      await double.stop();
      setTimeout(() => void double.restart(), 150);

      const appended = await store.appendToStream('account-outage', newEvents(1), { expectedRevision: 0n });
      expect(appended.nextRevision).toBe(1n);
      expect((await store.readStream('account-outage')).map((event) => event.revision)).toEqual([0n, 1n]);
    });

    it('gives up after the retry policy and reports the connection failure', async () => {
      const impatient = await EsdbEventStore.open({
        connectionString: double.connectionString,
        retry: { attemptsMax: 2, delayMsInitial: 1, delayMsMax: 1 },
      });
      await double.stop();
      await expect(impatient.readStream('account-gone')).rejects.toThrow(/UNAVAILABLE|connect/i);
      await impatient.close();
    });
  });

  describe('conflicts and refusals', () => {
    it("maps EventStoreDB's version conflict to WrongExpectedRevisionError with the actual revision", async () => {
      await store.appendToStream('account-conflict', newEvents(3), { expectedRevision: 'no_stream' });
      // Another writer moves the stream on, straight through the client.
      await raw.appendToStream('account-conflict', [jsonEvent({ id: uuidv7(), type: 'Noted', data: {}, metadata: {} })], { expectedRevision: 2n });

      const stale = await store.appendToStream('account-conflict', newEvents(1), { expectedRevision: 2n }).catch((error: unknown) => error);
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect((stale as WrongExpectedRevisionError).actualRevision).toBe(3n);
      expect((stale as WrongExpectedRevisionError).expectedRevision).toBe(2n);

      const missing = await store.appendToStream('account-none', newEvents(1), { expectedRevision: 'stream_exists' }).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
      expect((missing as WrongExpectedRevisionError).actualRevision).toBeUndefined();
    });

    it("refuses an append larger than the server's maximum append size with InvalidAppendError", async () => {
      const large = [newEvent({ blob: 'x'.repeat(double.log.maxAppendSizeBytes + 1) })];
      await expect(store.appendToStream('account-large', large, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(InvalidAppendError);
      expect(await store.readStream('account-large')).toEqual([]);
      // The refused append gave its event id back.
      await store.appendToStream('account-large', [{ ...large[0], data: { blob: 'small' } }], { expectedRevision: 'no_stream' });
    });

    it('refuses system and bookkeeping streams and $-prefixed types, and hides bookkeeping from reads', async () => {
      for (const streamId of ['$system', 'uniquekey-1', 'uniquekey-']) {
        await expect(store.appendToStream(streamId, newEvents(1), { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
      }
      await expect(store.appendToStream('account-x', [{ ...newEvent(), type: '$metadata' }], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        InvalidAppendError,
      );

      const appended = await store.appendToStream('account-visible', newEvents(2), { expectedRevision: 'no_stream', command: newCommand(), uniqueKeys: ['KBNN-1'] });
      const all = await store.readAll();
      expect(all.map((event) => event.streamId)).toEqual(['account-visible', 'account-visible']);
      expect(await store.headPosition()).toBe(appended.position);
      // The log itself holds the claim and the links too.
      expect(double.log.all.length).toBeGreaterThan(all.length + 3);
    });
  });

  describe('catching up', () => {
    it('detects catching up from the head when the server sends no caught-up message (before 23.10)', async () => {
      const older = await EsdbTestDouble.start({ sendCaughtUp: false, linkEventsByType: true });
      const olderStore = await openStore(older.connectionString);
      try {
        const stored = newEvents(3);
        await olderStore.appendToStream('account-old', stored, { expectedRevision: 'no_stream' });
        await olderStore.appendToStream('registry-old', newEvents(1), { expectedRevision: 'no_stream' });

        const all = new SubscriptionRecorder(olderStore.subscribeToAll());
        const byType = new SubscriptionRecorder(olderStore.subscribeToAll({ filter: { streamPrefixes: ['account-'] } }));
        await all.waitFor('caught-up', () => all.caughtUpCount() === 1);
        await byType.waitFor('caught-up', () => byType.caughtUpCount() === 1);
        expect(all.events()).toHaveLength(4);
        expect(byType.events().map((event) => event.id)).toEqual(ids(stored));
        expect(all.messages.at(-1)?.kind).toBe('caught-up');

        const empty = new SubscriptionRecorder(olderStore.subscribeToAll({ afterPosition: await olderStore.headPosition() }));
        await empty.waitFor('caught-up', () => empty.caughtUpCount() === 1);
        expect(empty.events()).toEqual([]);
        for (const recorder of [all, byType, empty]) await recorder.subscription.close();
      } finally {
        await olderStore.close();
        await older.stop();
      }
    });
  });

  it('accepts kurrentdb:// connection strings', () => {
    expect(toClientConnectionString('kurrentdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
    expect(toClientConnectionString('kurrentdb+discover://cluster.local:2113')).toBe('esdb+discover://cluster.local:2113');
    expect(toClientConnectionString('esdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
  });
});

describe.each(['batch-append', 'append'] as const)('EsdbEventStore with a server that appends through %s', (appendProtocol) => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbTestDouble.start({ appendProtocol });
    store = await openStore(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('an append whose answer was lost is sent again and stored once', async () => {
    await store.appendToStream('account-lost', newEvents(1), { expectedRevision: 'no_stream' });
    const events = newEvents(3);
    double.loseAnswerOfNextAppendTo('account-lost');

    const result = await store.appendToStream('account-lost', events, { expectedRevision: 0n });
    expect(result).toMatchObject({ nextRevision: 3n, eventIds: ids(events), duplicate: false });
    const stored = await store.readStream('account-lost');
    expect(stored.map((event) => event.id).slice(1)).toEqual(ids(events));
    expect(result.firstPosition).toBe(stored[1].position);
    expect(result.position).toBe(stored[3].position);
  });

  it("a command's append whose answer was lost is stored once and recorded", async () => {
    const command = newCommand();
    const events = newEvents(2);
    double.loseAnswerOfNextAppendTo('account-lost-command');

    const result = await store.appendToStream('account-lost-command', events, { expectedRevision: 'no_stream', command });
    expect(result.eventIds).toEqual(ids(events));
    expect((await store.readStream('account-lost-command')).map((event) => event.id)).toEqual(ids(events));
    expect((await store.findCommand(command.commandId))?.eventIds).toEqual(ids(events));
    const retry = await store.appendToStream('account-lost-command', newEvents(2), { expectedRevision: 'no_stream', command });
    expect(retry).toEqual({ ...result, duplicate: true });
  });

  it('maps a version conflict and refuses an oversized append', async () => {
    await store.appendToStream('account-conflict', newEvents(2), { expectedRevision: 'no_stream' });
    const conflict = await store.appendToStream('account-conflict', newEvents(1), { expectedRevision: 0n }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
    expect((conflict as WrongExpectedRevisionError).actualRevision).toBe(1n);
    const large = [newEvent({ blob: 'x'.repeat(double.log.maxAppendSizeBytes + 1) })];
    await expect(store.appendToStream('account-large', large, { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
  });
});

function newEvent(data: EventToAppend['data'] = { note: 'ghi chú' }): EventToAppend {
  return { id: uuidv7(), type: 'Noted', data, metadata: { source: 'esdb-test' } };
}

function newEvents(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent({ index }));
}

function newCommand(): { commandId: string; requestHash: string } {
  return { commandId: uuidv7(), requestHash: `sha256-${uuidv4()}` };
}

function ids(events: readonly EventToAppend[]): string[] {
  return events.map((event) => event.id);
}

async function waitUntil(description: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
