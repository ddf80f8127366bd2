/**
 * The adapter across failures of its server, on the wire-level double with faults injected: a
 * node killed before or after it writes an append, an answer lost, a repeat dropped because its
 * original is not yet replicated, a node that stops answering, "not the leader", a leader change
 * and a leader's crash in a three-node cluster, and restarts during a subscription. In every
 * case the call goes on and nothing is stored twice or lost.
 */
import { rejectionOf, SubscriptionRecorder } from '@ledger/event-store/testing';
import { EsdbTestCluster, EsdbTestDouble } from '@ledger/esdb-test-double';
import type { EsdbEventStore } from './esdb-event-store';
import { ids, newCommand, newEvents, openTestStore, waitUntil } from './esdb-integration-support';
import { subscriptionBufferMessageCountMax } from './esdb-subscription';
import { AttemptTimeoutError } from './retry';

describe.each(['batch-append', 'append'] as const)('EsdbEventStore when its node fails during an append (through %s)', (appendProtocol) => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbTestDouble.start({ appendProtocol });
    store = await openTestStore(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('an append whose node was killed before writing is sent again when the node is back, and stored once', async () => {
    await store.appendToStream('account-killed-before', newEvents(1), { expectedRevision: 'no_stream' });
    const events = newEvents(2);
    const command = newCommand();
    double.injectAppendFault('crash-before-write', { stream: 'account-killed-before' });
    setTimeout(() => void double.restart(), 150);

    const result = await store.appendToStream('account-killed-before', events, { expectedRevision: 0n, command });
    expect(result).toMatchObject({ nextRevision: 2n, eventIds: ids(events), duplicate: false });
    expect((await store.readStream('account-killed-before')).map((event) => event.id).slice(1)).toEqual(ids(events));
    expect((await store.findCommand(command.commandId, { streamId: 'account-killed-before' }))?.eventIds).toEqual(ids(events));
  });

  it('an append whose node was killed after writing and before answering is stored once, and answered as the caller’s own', async () => {
    const events = newEvents(3);
    const command = newCommand();
    double.injectAppendFault('crash-after-write', { stream: 'account-killed-after' });
    setTimeout(() => void double.restart(), 150);

    const result = await store.appendToStream('account-killed-after', events, { expectedRevision: 'no_stream', command });
    expect(result).toMatchObject({ nextRevision: 2n, eventIds: ids(events), duplicate: false });
    const stored = await store.readStream('account-killed-after');
    expect(stored.map((event) => event.id)).toEqual(ids(events));
    expect(result.firstPosition).toBe(stored[0].position);
    expect(result.position).toBe(stored[2].position);
    // The caller's own retry, decided again, is the duplicate.
    const retry = await store.appendToStream('account-killed-after', newEvents(3), { expectedRevision: 2n, command });
    expect(retry).toEqual({ ...result, duplicate: true });
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

  it('a repeat the server drops, because its original is not yet replicated, is sent again until it is answered', async () => {
    const command = newCommand();
    const events = newEvents(2);
    // The first attempt lands but its answer is lost; the repeat is dropped twice, as a server
    // drops it while the original waits for replication, before one is answered.
    double.loseAnswerOfNextAppendTo('account-unreplicated');
    double.injectAppendFault('drop-repeat', { stream: 'account-unreplicated', times: 2 });
    const callsBefore = double.log.stats.appendCalls;

    const result = await store.appendToStream('account-unreplicated', events, { expectedRevision: 'no_stream', command });
    expect(result).toMatchObject({ eventIds: ids(events), duplicate: false });
    expect(double.log.stats.appendCalls - callsBefore).toBe(4);
    expect((await store.readStream('account-unreplicated')).map((event) => event.id)).toEqual(ids(events));
  });

  it('an attempt that never answers is given up at its deadline and sent again', async () => {
    const impatient = await openTestStore(double.connectionString, { retry: { attemptsMax: 5, delayMsInitial: 10, delayMsMax: 10, attemptTimeoutMs: 300, budgetMs: 10_000 } });
    try {
      double.injectAppendFault('stall', { stream: 'account-stalled' });
      const startedMs = Date.now();
      const result = await impatient.appendToStream('account-stalled', newEvents(1), { expectedRevision: 'no_stream', command: newCommand() });
      expect(result.nextRevision).toBe(0n);
      expect(Date.now() - startedMs).toBeGreaterThanOrEqual(290);
      expect(await impatient.readStream('account-stalled')).toHaveLength(1);
    } finally {
      await impatient.close();
    }
  });

  it('a “not the leader” answer is followed to the leader and the append sent again', async () => {
    double.injectAppendFault('not-leader', { stream: 'account-handed-over' });
    const result = await store.appendToStream('account-handed-over', newEvents(1), { expectedRevision: 'no_stream', command: newCommand() });
    expect(result.nextRevision).toBe(0n);
    expect(await store.readStream('account-handed-over')).toHaveLength(1);
  });
});

describe('EsdbEventStore retry budget (test double)', () => {
  let double: EsdbTestDouble;

  beforeEach(async () => {
    double = await EsdbTestDouble.start();
  });

  afterEach(async () => {
    await double.stop();
  });

  it("counts each attempt's deadline, not only the waits: a node that never answers fails the call within the budget", async () => {
    const store = await openTestStore(double.connectionString, { retry: { attemptsMax: 100, delayMsInitial: 10, delayMsMax: 10, attemptTimeoutMs: 250, budgetMs: 1_000 } });
    try {
      double.injectAppendFault('stall', { stream: 'account-silent', times: 100 });
      const startedMs = Date.now();
      const error = await rejectionOf(store.appendToStream('account-silent', newEvents(1), { expectedRevision: 'no_stream' }));
      const elapsedMs = Date.now() - startedMs;
      expect(error).toBeInstanceOf(AttemptTimeoutError);
      expect(elapsedMs).toBeGreaterThanOrEqual(900);
      expect(elapsedMs).toBeLessThan(1_600);
    } finally {
      await store.close();
    }
  });

  it('reads and appends wait for a server that comes back within the budget', async () => {
    const store = await openTestStore(double.connectionString);
    try {
      await store.appendToStream('account-outage', newEvents(1), { expectedRevision: 'no_stream' });
      await double.stop();
      setTimeout(() => void double.restart(), 150);
      const appended = await store.appendToStream('account-outage', newEvents(1), { expectedRevision: 0n });
      expect(appended.nextRevision).toBe(1n);
      expect((await store.readStream('account-outage')).map((event) => event.revision)).toEqual([0n, 1n]);
    } finally {
      await store.close();
    }
  });

  it('gives up after the retry policy and reports the connection failure', async () => {
    const store = await openTestStore(double.connectionString, { retry: { attemptsMax: 2, delayMsInitial: 1, delayMsMax: 1 } });
    await double.stop();
    await expect(store.readStream('account-gone')).rejects.toThrow(/UNAVAILABLE|connect/i);
    await store.close();
  });
});

describe('EsdbEventStore subscriptions across restarts of the server (test double)', () => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbTestDouble.start();
    store = await openTestStore(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('a subscription stopped mid catch-up by a full buffer and a restart resumes after its last event: nothing twice, nothing missed', async () => {
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

  it('a node killed while it sends a subscription its events, and restarted, loses and doubles nothing', async () => {
    const stored = newEvents(300);
    await store.appendToStream('account-killed-mid-read', stored, { expectedRevision: 'no_stream' });
    double.crashAfterSubscriptionEvents(120);
    const recorder = new SubscriptionRecorder(store.subscribeToAll({ filter: { eventTypes: ['Noted'] } }));
    await waitUntil('the node to be killed', () => !double.running);
    await double.restart();
    await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
    const live = newEvents(2);
    await store.appendToStream('account-killed-mid-read', live, { expectedRevision: 299n });
    await recorder.waitFor('the live events', () => recorder.events().length === 302);
    expect(recorder.events().map((event) => event.id)).toEqual([...ids(stored), ...ids(live)]);
    await recorder.subscription.close();
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
});

describe('EsdbEventStore on a three-node cluster (test double)', () => {
  let cluster: EsdbTestCluster;
  let store: EsdbEventStore;

  beforeEach(async () => {
    cluster = await EsdbTestCluster.start();
    store = await openTestStore(cluster.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await cluster.stop();
  });

  it('finds the leader through gossip and follows a leader change: appends and reads go on, nothing lost or doubled', async () => {
    const command = newCommand();
    const first = await store.appendToStream('account-cluster', newEvents(1), { expectedRevision: 'no_stream', command });

    // The leader steps down and node 2 is elected: the old leader answers "not the leader".
    cluster.electLeader(2);
    const second = await store.appendToStream('account-cluster', newEvents(2), { expectedRevision: 0n, command: newCommand() });
    expect(second.nextRevision).toBe(2n);
    expect(cluster.nodes[0].notLeaderAnswers).toBeGreaterThan(0);
    const retry = await store.appendToStream('account-cluster', newEvents(1), { expectedRevision: 2n, command });
    expect(retry).toEqual({ ...first, duplicate: true });
    expect((await store.readStream('account-cluster')).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it("rides out the leader's crash: the append in flight goes to the new leader and a live subscription resumes, nothing twice", async () => {
    const before = newEvents(2);
    await store.appendToStream('account-failover', before, { expectedRevision: 'no_stream' });
    const recorder = new SubscriptionRecorder(store.subscribeToAll({ filter: { streamPrefixes: ['account-failover'] } }));
    await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);

    const failover = cluster.failOver(1, 300);
    const during = newEvents(1);
    const appended = await store.appendToStream('account-failover', during, { expectedRevision: 1n, command: newCommand() });
    await failover;
    expect(appended.nextRevision).toBe(2n);
    const after = newEvents(1);
    await store.appendToStream('account-failover', after, { expectedRevision: 2n });

    await recorder.waitFor('every event', () => recorder.events().length === 4);
    expect(recorder.events().map((event) => event.id)).toEqual([...ids(before), ...ids(during), ...ids(after)]);
    expect(recorder.caughtUpCount()).toBe(1);
    await recorder.subscription.close();
  });
});
