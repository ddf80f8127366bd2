/**
 * Counting events: how many events come after a position, exact below the limit, at most the
 * limit, with the same filters as reads. A figure that says "events" is a count, never a
 * difference of positions (positions are byte offsets on EventStoreDB).
 */
import { countEventsLimitMax } from '../src';
import type { EventFilter, EventStore } from '../src';
import { newEvent, newEvents, newEventType, newStreamPrefix, rejectionOf } from './contract-support';
import type { ContractTestContext } from './contract-support';

/** Every adapter counts; the port marks it optional only for wrappers that do not forward it yet. */
function countOf(store: EventStore): (afterPosition: bigint, limit: bigint, filter?: EventFilter) => Promise<bigint> {
  const count = store.countEventsAfter;
  if (count === undefined) throw new Error('the store under test does not implement countEventsAfter');
  return count.bind(store);
}

export function describeCountContract(context: ContractTestContext): void {
  describe('countEventsAfter', () => {
    context.test('counts the events after a position, exactly below the limit and at most the limit', async (store) => {
      const prefix = newStreamPrefix();
      const type = newEventType('Counted');
      const start = await store.headPosition();
      const first = await store.appendToStream(`${prefix}a`, newEvents(3, type), { expectedRevision: 'no_stream' });
      await store.appendToStream(`${prefix}b`, newEvents(4, type), { expectedRevision: 'no_stream' });
      const count = countOf(store);
      const filter = { eventTypes: [type] };

      expect(await count(first.firstPosition, 100n, filter)).toBe(6n);
      expect(await count(first.position, 100n, filter)).toBe(4n);
      expect(await count(first.position, 3n, filter)).toBe(3n);
      expect(await count(first.position, 4n, filter)).toBe(4n);
      expect(await count(start, 100n, filter)).toBe(7n);
      expect(await count(await store.headPosition(), 100n, filter)).toBe(0n);
      // -1n is the start of the store, which holds at least these events.
      expect(await count(-1n, 1n)).toBe(1n);
    });

    context.test('counts with type and stream-prefix filters, and every event without one', async (store) => {
      const prefix = newStreamPrefix();
      const [wanted, other] = [newEventType('Wanted'), newEventType('Other')];
      const start = await store.headPosition();
      await store.appendToStream(`${prefix}x-1`, [newEvent(wanted), newEvent(other)], { expectedRevision: 'no_stream' });
      await store.appendToStream(`${prefix}y-1`, [newEvent(wanted)], { expectedRevision: 'no_stream' });
      const count = countOf(store);

      expect(await count(start, 100n, { eventTypes: [wanted] })).toBe(2n);
      expect(await count(start, 100n, { streamPrefixes: [`${prefix}x-`] })).toBe(2n);
      expect(await count(start, 100n, { eventTypes: [wanted], streamPrefixes: [`${prefix}y-`] })).toBe(1n);
      // Unfiltered, other writers may share the store: at least ours.
      expect(await count(start, 100n)).toBeGreaterThanOrEqual(3n);
    });

    context.test('refuses a position below -1, a limit outside 1 to countEventsLimitMax and numbers, with RangeError', async (store) => {
      const count = countOf(store);
      for (const [afterPosition, limit] of [
        [-2n, 10n],
        [-1n, 0n],
        [-1n, countEventsLimitMax + 1n],
        [0 as unknown as bigint, 10n],
        [-1n, 10 as unknown as bigint],
      ] as const) {
        expect(await rejectionOf(count(afterPosition, limit))).toBeInstanceOf(RangeError);
      }
      expect(await count(await store.headPosition(), countEventsLimitMax, { eventTypes: [newEventType('None')] })).toBe(0n);
    });
  });
}
