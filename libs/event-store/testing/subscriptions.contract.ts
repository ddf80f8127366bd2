/**
 * Catch-up subscriptions to all streams: stored events, one `caught-up`, then live events, in
 * order, filtered, from an exclusive checkpoint, and ended cleanly by `close` or `break`.
 */
import type { EventToAppend, RecordedEvent } from '../src';
import { appendInChunks, expectStrictlyIncreasing, ids, newEvent, newEvents, newEventType, newStreamPrefix, summary } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeSubscriptionContract(context: ContractTestContext): void {
  describe('subscribeToAll', () => {
    context.test('from the start delivers stored events, then one caught-up, then live events', async (store) => {
      const prefix = newStreamPrefix();
      const stored = newEvents(3, 'Noted');
      await store.appendToStream(`${prefix}a`, stored.slice(0, 2), { expectedRevision: 'no_stream' });
      await store.appendToStream(`${prefix}b`, stored.slice(2), { expectedRevision: 'no_stream' });

      const recorder = context.record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
      await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
      const caughtUpIndex = recorder.messages.findIndex((message) => message.kind === 'caught-up');
      const beforeCaughtUp = recorder.messages.slice(0, caughtUpIndex);
      expect(beforeCaughtUp.map((message) => (message.kind === 'event' ? message.event.id : 'caught-up'))).toEqual(
        ids(stored),
      );
      const caughtUp = recorder.messages[caughtUpIndex];
      const lastStored = recorder.events().at(-1) as RecordedEvent;
      expect(caughtUp.kind === 'caught-up' && caughtUp.position >= lastStored.position).toBe(true);

      const live = newEvents(2, 'Noted');
      await store.appendToStream(`${prefix}a`, live.slice(0, 1), { expectedRevision: 1n });
      await store.appendToStream(`${prefix}c`, live.slice(1), { expectedRevision: 'no_stream' });
      await recorder.waitFor('the live events', () => recorder.events().length === 5);

      expect(recorder.events().map((event) => event.id)).toEqual([...ids(stored), ...ids(live)]);
      expectStrictlyIncreasing(recorder.events().map((event) => event.position));
      expect(recorder.caughtUpCount()).toBe(1);
      expect(recorder.messages.at(-1)?.kind).toBe('event');
    });

    context.test('from afterPosition delivers only later events (the position is exclusive)', async (store) => {
      const prefix = newStreamPrefix();
      const stored = newEvents(3, 'Noted');
      const result = await store.appendToStream(`${prefix}a`, stored, { expectedRevision: 'no_stream' });
      const [first, , last] = await store.readStream(`${prefix}a`);

      // Unfiltered: the subscription may deliver other writers' events, so look at ours only.
      const afterFirst = context.record(store.subscribeToAll({ afterPosition: first.position }));
      const afterLast = context.record(store.subscribeToAll({ afterPosition: result.position }));
      await afterFirst.waitFor('caught-up', () => afterFirst.caughtUpCount() === 1);
      await afterLast.waitFor('caught-up', () => afterLast.caughtUpCount() === 1);
      expect(afterFirst.eventsWithPrefix(prefix).map((event) => event.id)).toEqual(ids(stored.slice(1)));
      expect(afterFirst.events().every((event) => event.position > first.position)).toBe(true);
      expect(afterLast.eventsWithPrefix(prefix)).toEqual([]);
      expect(last.position).toBe(result.position);

      const live = newEvent('Noted');
      await store.appendToStream(`${prefix}a`, [live], { expectedRevision: 2n });
      await afterLast.waitFor('the live event', () => afterLast.eventsWithPrefix(prefix).length === 1);
      await afterFirst.waitFor('the live event', () => afterFirst.eventsWithPrefix(prefix).length === 3);
      expect(afterLast.eventsWithPrefix(prefix).map((event) => event.id)).toEqual([live.id]);
    });

    context.test('filters by event type and by stream prefix, before and after catching up', async (store) => {
      const prefix = newStreamPrefix();
      const [typeA, typeB] = [newEventType('Alpha'), newEventType('Beta')];
      const startAfter = await store.headPosition();
      const appendMix = async (): Promise<EventToAppend[]> => {
        const mix = [newEvent(typeA), newEvent(typeB), newEvent(typeA)];
        await store.appendToStream(`${prefix}x-1`, [mix[0]], { expectedRevision: 'any' });
        await store.appendToStream(`${prefix}y-1`, [mix[1], mix[2]], { expectedRevision: 'any' });
        return mix;
      };
      const storedMix = await appendMix();

      const byType = context.record(store.subscribeToAll({ afterPosition: startAfter, filter: { eventTypes: [typeA] } }));
      const byPrefix = context.record(store.subscribeToAll({ afterPosition: startAfter, filter: { streamPrefixes: [`${prefix}x-`] } }));
      await byType.waitFor('caught-up', () => byType.caughtUpCount() === 1);
      await byPrefix.waitFor('caught-up', () => byPrefix.caughtUpCount() === 1);

      const liveMix = await appendMix();
      // A last event that matches both filters: once it arrives, anything that should have
      // been filtered out but was not would already have arrived too (delivery is in order).
      const sentinel = newEvent(typeA);
      await store.appendToStream(`${prefix}x-1`, [sentinel], { expectedRevision: 'any' });
      await byType.waitFor('the sentinel', () => byType.events().some((event) => event.id === sentinel.id));
      await byPrefix.waitFor('the sentinel', () => byPrefix.events().some((event) => event.id === sentinel.id));

      const all = [...storedMix, ...liveMix, sentinel];
      expect(byType.events().map((event) => event.id)).toEqual(ids(all.filter((event) => event.type === typeA)));
      expect(byPrefix.events().map((event) => event.id)).toEqual([storedMix[0].id, liveMix[0].id, sentinel.id]);
    });

    context.test('passes over many events that do not match, catching up and then going live', async (store) => {
      const prefix = newStreamPrefix();
      const [wanted, unwanted] = [newEventType('Wanted'), newEventType('Unwanted')];
      const startAfter = await store.headPosition();
      await appendInChunks(store, `${prefix}noise-1`, newEvents(1_200, unwanted));
      const storedWanted = newEvent(wanted);
      await store.appendToStream(`${prefix}signal`, [storedWanted], { expectedRevision: 'no_stream' });

      const recorder = context.record(store.subscribeToAll({ afterPosition: startAfter, filter: { eventTypes: [wanted] } }));
      await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
      expect(recorder.events().map((event) => event.id)).toEqual([storedWanted.id]);

      await appendInChunks(store, `${prefix}noise-2`, newEvents(1_200, unwanted));
      const liveWanted = newEvent(wanted);
      await store.appendToStream(`${prefix}signal`, [liveWanted], { expectedRevision: 0n });
      await recorder.waitFor('the live event', () => recorder.events().length === 2);
      expect(recorder.events().map((event) => event.id)).toEqual([storedWanted.id, liveWanted.id]);
    });

    context.test('delivers a long history in order', async (store) => {
      const prefix = newStreamPrefix();
      const events = newEvents(2_500, 'Noted');
      await appendInChunks(store, `${prefix}long`, events);
      const recorder = context.record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
      await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
      expect(recorder.events().map((event) => event.id)).toEqual(ids(events));
      expect(recorder.events().map((event) => event.revision)).toEqual(events.map((_, index) => BigInt(index)));
    });

    context.test('ends its iterator on close, and close may be called again', async (store) => {
      const prefix = newStreamPrefix();
      await store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
      const recorder = context.record(subscription);
      await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);

      await subscription.close();
      await recorder.waitForEnd();
      await subscription.close();
      expect(recorder.eventsWithPrefix(prefix)).toHaveLength(1);

      const closedEarly = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
      const earlyRecorder = context.record(closedEarly);
      await closedEarly.close();
      await earlyRecorder.waitForEnd();
    });

    context.test('can be left with break, after which close still resolves', async (store) => {
      const prefix = newStreamPrefix();
      await store.appendToStream(`${prefix}a`, newEvents(3, 'Noted'), { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
      context.closeAfterTest(subscription);
      const seen: string[] = [];
      for await (const message of subscription) {
        if (message.kind === 'caught-up') break;
        seen.push(message.event.id);
      }
      expect(seen).toHaveLength(3);
      await subscription.close();
    });

    context.test('serves two concurrent subscriptions with the same events in the same order', async (store) => {
      const prefix = newStreamPrefix();
      const stored = newEvent('Noted');
      await store.appendToStream(`${prefix}a`, [stored], { expectedRevision: 'no_stream' });
      const first = context.record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
      const second = context.record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
      await first.waitFor('caught-up', () => first.caughtUpCount() === 1);
      await second.waitFor('caught-up', () => second.caughtUpCount() === 1);

      const live = newEvents(3, 'Noted');
      await Promise.all(
        live.map((event, index) => store.appendToStream(`${prefix}live-${index}`, [event], { expectedRevision: 'no_stream' })),
      );
      await first.waitFor('the live events', () => first.events().length === 4);
      await second.waitFor('the live events', () => second.events().length === 4);
      expect(first.events().map(summary)).toEqual(second.events().map(summary));
      expect(new Set(first.events().map((event) => event.id))).toEqual(new Set([stored.id, ...ids(live)]));
      expectStrictlyIncreasing(first.events().map((event) => event.position));
    });

    context.test('refuses empty filter lists and an afterPosition below -1 synchronously with RangeError', async (store) => {
      expect(() => store.subscribeToAll({ filter: { eventTypes: [] } })).toThrow(RangeError);
      expect(() => store.subscribeToAll({ filter: { streamPrefixes: [] } })).toThrow(RangeError);
      expect(() => store.subscribeToAll({ afterPosition: -2n })).toThrow(RangeError);
    });
  });
}
