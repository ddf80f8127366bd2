/**
 * Reading every stream in global order: from an inclusive position, bounded by `maxCount`, and
 * filtered by event type, by stream prefix, or by both at once.
 */
import type { AppendResult, EventStore, EventToAppend } from '../src';
import { expectStrictlyIncreasing, ids, newEvent, newEventType, newStreamPrefix, rejectionOf } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeReadAllContract(context: ContractTestContext): void {
  describe('readAll', () => {
    /** Four appends interleaved over two streams; returns the events in append order. */
    async function interleavedAppends(store: EventStore, prefix: string, types: readonly string[] = ['Noted']): Promise<{
      events: EventToAppend[];
      results: AppendResult[];
    }> {
      const plan: Array<[string, number]> = [
        [`${prefix}a`, 2],
        [`${prefix}b`, 1],
        [`${prefix}a`, 1],
        [`${prefix}b`, 2],
      ];
      const events: EventToAppend[] = [];
      const results: AppendResult[] = [];
      let typeIndex = 0;
      for (const [streamId, count] of plan) {
        const batch = Array.from({ length: count }, () => newEvent(types[typeIndex++ % types.length]));
        results.push(await store.appendToStream(streamId, batch, { expectedRevision: 'any' }));
        events.push(...batch);
      }
      return { events, results };
    }

    context.test('reads every stream in global order from a position, inclusive', async (store) => {
      const prefix = newStreamPrefix();
      const { events, results } = await interleavedAppends(store, prefix);
      const fromPosition = results[0].firstPosition;

      const stored = await store.readAll({ fromPosition, filter: { streamPrefixes: [prefix] } });
      expect(stored.map((event) => event.id)).toEqual(ids(events));
      expectStrictlyIncreasing(stored.map((event) => event.position));
      expect(stored.map((event) => event.streamId)).toEqual([
        `${prefix}a`,
        `${prefix}a`,
        `${prefix}b`,
        `${prefix}a`,
        `${prefix}b`,
        `${prefix}b`,
      ]);

      const fromThird = await store.readAll({ fromPosition: stored[2].position, filter: { streamPrefixes: [prefix] } });
      expect(fromThird.map((event) => event.id)).toEqual(ids(events.slice(2)));
    });

    context.test('starts at the beginning of the store by default and honours maxCount', async (store) => {
      const prefix = newStreamPrefix();
      const { events, results } = await interleavedAppends(store, prefix);

      const firstTwo = await store.readAll({ fromPosition: results[0].firstPosition, maxCount: 2 });
      expect(firstTwo).toHaveLength(2);
      // Other writers may share the store, but the event at the inclusive start is ours.
      expect(firstTwo[0].id).toBe(events[0].id);
      expect(firstTwo[1].position).toBeGreaterThan(firstTwo[0].position);

      const firstThreeOfOurs = await store.readAll({ maxCount: 3, filter: { streamPrefixes: [prefix] } });
      expect(firstThreeOfOurs.map((event) => event.id)).toEqual(ids(events.slice(0, 3)));

      const fromStart = await store.readAll({ maxCount: 1 });
      expect(fromStart).toHaveLength(1);
      expect(fromStart[0].position).toBeLessThanOrEqual(results[0].firstPosition);
    });

    context.test('filters by event type', async (store) => {
      const prefix = newStreamPrefix();
      const [typeA, typeB] = [newEventType('Alpha'), newEventType('Beta')];
      const { events, results } = await interleavedAppends(store, prefix, [typeA, typeB]);
      const fromPosition = results[0].firstPosition;

      const onlyA = await store.readAll({ fromPosition, filter: { eventTypes: [typeA] } });
      expect(onlyA.map((event) => event.id)).toEqual(ids(events.filter((event) => event.type === typeA)));
      const both = await store.readAll({ fromPosition, filter: { eventTypes: [typeB, typeA] } });
      expect(both.map((event) => event.id)).toEqual(ids(events));
      expect(await store.readAll({ fromPosition, filter: { eventTypes: [newEventType('Unused')] } })).toEqual([]);
    });

    context.test('filters by stream prefix, literally and case-sensitively', async (store) => {
      const prefix = newStreamPrefix();
      const streamIds = [`${prefix}alpha-1`, `${prefix}alpha-2`, `${prefix}beta-1`, `${prefix}a_z`, `${prefix}%z`];
      const firstPositions: bigint[] = [];
      for (const streamId of streamIds) {
        const result = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream' });
        firstPositions.push(result.firstPosition);
      }
      const fromPosition = firstPositions[0];
      const streamsMatching = async (streamPrefixes: string[]): Promise<string[]> =>
        (await store.readAll({ fromPosition, filter: { streamPrefixes } })).map((event) => event.streamId);

      expect(await streamsMatching([`${prefix}alpha-`])).toEqual([`${prefix}alpha-1`, `${prefix}alpha-2`]);
      expect(await streamsMatching([`${prefix}beta-`, `${prefix}alpha-`])).toEqual([
        `${prefix}alpha-1`,
        `${prefix}alpha-2`,
        `${prefix}beta-1`,
      ]);
      expect(await streamsMatching([`${prefix}a_`])).toEqual([`${prefix}a_z`]);
      expect(await streamsMatching([`${prefix}%`])).toEqual([`${prefix}%z`]);
      expect(await streamsMatching([prefix.toUpperCase()])).toEqual([]);
      expect(await streamsMatching([`${prefix}alpha-1`])).toEqual([`${prefix}alpha-1`]);
    });

    context.test('applies type and prefix filters together', async (store) => {
      const prefix = newStreamPrefix();
      const [typeA, typeB] = [newEventType('Alpha'), newEventType('Beta')];
      const { events, results } = await interleavedAppends(store, prefix, [typeA, typeB]);
      const otherPrefix = newStreamPrefix();
      await store.appendToStream(`${otherPrefix}a`, [newEvent(typeA)], { expectedRevision: 'no_stream' });

      const stored = await store.readAll({
        fromPosition: results[0].firstPosition,
        filter: { eventTypes: [typeA], streamPrefixes: [`${prefix}b`] },
      });
      const expected = events.filter((event, index) => event.type === typeA && [2, 4, 5].includes(index));
      expect(stored.map((event) => event.id)).toEqual(ids(expected));
    });

    context.test('refuses invalid maxCount, a negative fromPosition and empty filter lists with RangeError', async (store) => {
      for (const maxCount of [0, -1, 2.5, Number.NaN]) {
        expect(await rejectionOf(store.readAll({ maxCount }))).toBeInstanceOf(RangeError);
      }
      expect(await rejectionOf(store.readAll({ fromPosition: -1n }))).toBeInstanceOf(RangeError);
      expect(await rejectionOf(store.readAll({ filter: { eventTypes: [] } }))).toBeInstanceOf(RangeError);
      expect(await rejectionOf(store.readAll({ filter: { streamPrefixes: [] } }))).toBeInstanceOf(RangeError);
    });
  });
}
