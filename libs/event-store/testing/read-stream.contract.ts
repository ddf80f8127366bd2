/**
 * Reading one stream: forwards and backwards, from an inclusive revision, a missing stream as
 * empty, bad options refused, and no read longer than `readCountMax`.
 */
import { readCountMax } from '../src';
import type { EventStore, EventToAppend, ReadStreamOptions } from '../src';
import { appendInChunks, ids, newEvents, newStreamId, rejectionOf } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeReadStreamContract(context: ContractTestContext): void {
  describe('readStream', () => {
    async function fiveEventStream(store: EventStore): Promise<{ streamId: string; events: EventToAppend[] }> {
      const streamId = newStreamId();
      const events = newEvents(5, 'Noted');
      await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      return { streamId, events };
    }

    async function revisionsOf(store: EventStore, streamId: string, options: ReadStreamOptions): Promise<bigint[]> {
      return (await store.readStream(streamId, options)).map((event) => event.revision);
    }

    context.test('reads forwards from revision 0 by default', async (store) => {
      const { streamId, events } = await fiveEventStream(store);
      const stored = await store.readStream(streamId);
      expect(stored.map((event) => event.id)).toEqual(ids(events));
      expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    });

    context.test('reads forwards from a revision, inclusive, up to maxCount', async (store) => {
      const { streamId } = await fiveEventStream(store);
      expect(await revisionsOf(store, streamId, { fromRevision: 2n, maxCount: 2 })).toEqual([2n, 3n]);
      expect(await revisionsOf(store, streamId, { fromRevision: 2n })).toEqual([2n, 3n, 4n]);
      expect(await revisionsOf(store, streamId, { fromRevision: 4n, maxCount: 10 })).toEqual([4n]);
      expect(await revisionsOf(store, streamId, { fromRevision: 5n })).toEqual([]);
      expect(await revisionsOf(store, streamId, { maxCount: 1 })).toEqual([0n]);
    });

    context.test('reads backwards from the end by default, or from a revision, inclusive', async (store) => {
      const { streamId } = await fiveEventStream(store);
      expect(await revisionsOf(store, streamId, { direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
      expect(await revisionsOf(store, streamId, { direction: 'backwards', maxCount: 2 })).toEqual([4n, 3n]);
      expect(await revisionsOf(store, streamId, { direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual([3n, 2n]);
      expect(await revisionsOf(store, streamId, { direction: 'backwards', fromRevision: 0n })).toEqual([0n]);
      expect(await revisionsOf(store, streamId, { direction: 'backwards', fromRevision: 100n })).toEqual([4n, 3n, 2n, 1n, 0n]);
    });

    context.test('reads a missing stream as empty in both directions', async (store) => {
      const streamId = newStreamId();
      expect(await store.readStream(streamId)).toEqual([]);
      expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
    });

    context.test('refuses a maxCount below 1 or not an integer, and a negative fromRevision, with RangeError', async (store) => {
      const { streamId } = await fiveEventStream(store);
      for (const maxCount of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(await rejectionOf(store.readStream(streamId, { maxCount }))).toBeInstanceOf(RangeError);
      }
      expect(await rejectionOf(store.readStream(streamId, { fromRevision: -1n }))).toBeInstanceOf(RangeError);
    });

    context.test('returns at most readCountMax events, clamping a larger maxCount', async (store) => {
      const streamId = newStreamId();
      const events = newEvents(readCountMax + 1, 'Noted');
      const results = await appendInChunks(store, streamId, events);

      expect(await store.readStream(streamId)).toHaveLength(readCountMax);
      const forwards = await store.readStream(streamId, { maxCount: readCountMax + 5 });
      expect(forwards).toHaveLength(readCountMax);
      expect(forwards[0].revision).toBe(0n);
      expect(forwards.at(-1)?.revision).toBe(BigInt(readCountMax - 1));

      const backwards = await store.readStream(streamId, { direction: 'backwards', maxCount: readCountMax + 5 });
      expect(backwards).toHaveLength(readCountMax);
      expect(backwards[0].revision).toBe(BigInt(readCountMax));

      const all = await store.readAll({
        fromPosition: results[0].firstPosition,
        maxCount: readCountMax + 5,
        filter: { streamPrefixes: [streamId] },
      });
      expect(all).toHaveLength(readCountMax);
      expect(all[0].id).toBe(events[0].id);
    });
  });
}
