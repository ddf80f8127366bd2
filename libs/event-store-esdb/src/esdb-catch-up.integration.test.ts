/**
 * Catching up without the server's caught-up message (servers before 23.10) and with
 * projections off (the server's default, so no `$by_event_type` links): a filtered
 * subscription must still report caught-up, from the checkpoints the server sends while its
 * filter passes over records.
 */
import { SubscriptionRecorder } from '@ledger/event-store/testing';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import type { EsdbEventStore } from './esdb-event-store';
import { ids, newEvent, newEvents, openTestStore } from './esdb-integration-support';

describe.each([
  ['projections off', false],
  ['projections on', true],
] as const)('EsdbEventStore catching up without a caught-up message (%s)', (_label, linkEventsByType) => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbTestDouble.start({ sendCaughtUp: false, linkEventsByType });
    store = await openTestStore(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('reports caught-up from the head, unfiltered and filtered by stream', async () => {
    const stored = newEvents(3);
    await store.appendToStream('account-old', stored, { expectedRevision: 'no_stream' });
    await store.appendToStream('registry-old', newEvents(1), { expectedRevision: 'no_stream' });

    const all = new SubscriptionRecorder(store.subscribeToAll());
    const byStream = new SubscriptionRecorder(store.subscribeToAll({ filter: { streamPrefixes: ['account-'] } }));
    await all.waitFor('caught-up', () => all.caughtUpCount() === 1);
    await byStream.waitFor('caught-up', () => byStream.caughtUpCount() === 1);
    expect(all.events()).toHaveLength(4);
    expect(byStream.events().map((event) => event.id)).toEqual(ids(stored));
    expect(all.messages.at(-1)?.kind).toBe('caught-up');

    const empty = new SubscriptionRecorder(store.subscribeToAll({ afterPosition: await store.headPosition() }));
    await empty.waitFor('caught-up', () => empty.caughtUpCount() === 1);
    expect(empty.events()).toEqual([]);
    for (const recorder of [all, byStream, empty]) await recorder.subscription.close();
  });

  it('reports caught-up from checkpoints when the last record is an event its filter passes over', async () => {
    const wanted = newEvent({ note: 'wanted' }, 'FundsAllocated');
    await store.appendToStream('account-a', [wanted], { expectedRevision: 'no_stream' });
    // The head is an event of another type: the subscription never receives it, only a checkpoint at it.
    await store.appendToStream('account-a', newEvents(3), { expectedRevision: 0n });

    const byType = new SubscriptionRecorder(store.subscribeToAll({ filter: { eventTypes: ['FundsAllocated'] } }));
    await byType.waitFor('caught-up', () => byType.caughtUpCount() === 1);
    expect(byType.events().map((event) => event.id)).toEqual([wanted.id]);

    const live = newEvent({ note: 'live' }, 'FundsAllocated');
    await store.appendToStream('account-a', [live], { expectedRevision: 3n });
    await byType.waitFor('the live event', () => byType.events().length === 2);
    expect(byType.messages.map((message) => message.kind)).toEqual(['event', 'caught-up', 'event']);
    await byType.subscription.close();
  });
});
