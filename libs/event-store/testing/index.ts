/**
 * The event store contract: one suite of jest tests that every adapter of the `EventStore` port
 * must pass unchanged (embedded SQLite now, EventStoreDB later).
 *
 * The suite talks to the store only through the port, so it can run against a server shared by
 * many tests and test files: every test uses fresh random stream ids, event types and command
 * ids, never assumes the store is empty, and computes positions relative to what it appended.
 * Positions are only assumed to be strictly increasing, never consecutive (EventStoreDB's are
 * byte offsets in its log).
 *
 * Decisions the suite fixes where the port leaves room:
 * - Every failure of `appendToStream`, `readStream`, `readAll`, `findCommand` and
 *   `headPosition` is a rejected promise, never a synchronous throw. `subscribeToAll` validates
 *   its options synchronously and throws.
 * - `maxCount` below 1, not an integer, or not finite is refused with `RangeError`; above
 *   `readCountMax` it is clamped to `readCountMax`. Omitted, it is `readCountMax`.
 * - A negative `fromRevision` or `fromPosition` is refused with `RangeError`. `afterPosition`
 *   may be -1n (the checkpoint of a consumer that has processed nothing) or more.
 * - An empty `eventTypes` or `streamPrefixes` list is refused with `RangeError`: it would match
 *   nothing, which is never what a caller means; omit the field for "no filter".
 * - Given both, `eventTypes` and `streamPrefixes` must both match (intersection). Prefixes match
 *   literally and case-sensitively (`_` and `%` are ordinary characters).
 * - Reading backwards from a revision past the end of a stream starts at its last event.
 * - The command record is checked before the expected revision: a retry of a recorded command is
 *   a duplicate even when its expected revision is no longer right, and a reused id with another
 *   hash is a `CommandIdConflictError`. An append that is refused records no command.
 * - Refused with `InvalidAppendError`, writing nothing: an empty stream id, no events, more than
 *   `appendEventCountMax` events, an event id that is not a lowercase canonical UUID, the same
 *   event id twice in one append, an event id already stored (in any stream), an empty event
 *   type, data or metadata that JSON cannot represent (a `bigint`, typically a VND amount that
 *   was not turned into a string), and an expected revision that is neither one of the three
 *   words nor a `bigint` (a `number` is a common slip), or a negative `bigint`.
 * - `caught-up` carries the position the subscription has read through: at least the position
 *   of every event delivered before it.
 */
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import {
  appendEventCountMax,
  CommandIdConflictError,
  InvalidAppendError,
  readCountMax,
  WrongExpectedRevisionError,
} from '../src';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  JsonObject,
  RecordedEvent,
  Subscription,
} from '../src';
import { SubscriptionRecorder } from './subscription-recorder';

export { SubscriptionRecorder, subscriptionWaitTimeoutMs } from './subscription-recorder';
export { runCheckpointStoreContract, type CheckpointStoreContractHarness } from './checkpoint-store.contract';

export interface EventStoreContractHarness {
  readonly store: EventStore;
  /**
   * Closes the current store and opens a new one on the same data, as a restarted process
   * would. Omit it when the adapter has nothing to reopen.
   */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes whichever store is current (the first or the last reopened) and removes what the harness created. */
  readonly dispose: () => Promise<void>;
}

/**
 * Per test, not per assertion: the suite's largest test appends `readCountMax + 1` events, and a
 * remote server on a loaded CI machine must not turn slowness into a failure.
 */
const contractTestTimeoutMs = 120_000;
/** How many contenders race for one revision in the concurrency tests. */
const contenderCount = 20;
/**
 * Events per append when a test needs many events. It keeps every append well under
 * EventStoreDB's default maximum append size (1 MiB).
 */
const bulkAppendEventCount = 1_000;
/** How far `recordedAt` may be from this machine's clock: a remote server's clock may differ a little. */
const clockSkewToleranceMs = 5 * 60_000;

export function runEventStoreContract(name: string, makeStore: () => Promise<EventStoreContractHarness>): void {
  describe(`event store contract: ${name}`, () => {
    let harness: EventStoreContractHarness;
    let store: EventStore;
    let openSubscriptions: Subscription[] = [];

    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
      openSubscriptions = [];
    });

    afterEach(async () => {
      // Closing is idempotent; this only catches subscriptions a failed test left open.
      for (const subscription of openSubscriptions) await subscription.close();
      await harness.dispose();
    });

    function record(subscription: Subscription): SubscriptionRecorder {
      openSubscriptions.push(subscription);
      return new SubscriptionRecorder(subscription);
    }

    describe('appendToStream with an expected revision', () => {
      it(
        "'no_stream' creates the stream and returns its figures",
        async () => {
          const streamId = newStreamId();
          const events = [newEvent('Opened')];
          const result = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });

          expect(result.duplicate).toBe(false);
          expect(result.nextRevision).toBe(0n);
          expect(result.firstPosition).toBe(result.position);
          expect(result.position).toBeGreaterThanOrEqual(0n);
          expect(result.eventIds).toEqual([events[0].id]);
          const stored = await store.readStream(streamId);
          expect(stored.map(summary)).toEqual([{ id: events[0].id, revision: 0n, position: result.position }]);
        },
        contractTestTimeoutMs,
      );

      it(
        "'no_stream' on an existing stream is refused and writes nothing",
        async () => {
          const streamId = newStreamId();
          const existing = newEvents(2, 'Opened');
          await store.appendToStream(streamId, existing, { expectedRevision: 'no_stream' });

          const error = await rejectionOf(
            store.appendToStream(streamId, [newEvent('Opened')], { expectedRevision: 'no_stream' }),
          );
          expectWrongRevision(error, streamId, 'no_stream', 1n);
          expect(await idsOfStream(streamId)).toEqual(ids(existing));
        },
        contractTestTimeoutMs,
      );

      it(
        "'any' appends to a missing stream and to an existing one",
        async () => {
          const streamId = newStreamId();
          const first = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'any' });
          const second = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 'any' });

          expect(first.nextRevision).toBe(0n);
          expect(second.nextRevision).toBe(2n);
          expect(second.firstPosition).toBeGreaterThan(first.position);
          expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
        },
        contractTestTimeoutMs,
      );

      it(
        "'stream_exists' appends to an existing stream",
        async () => {
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent('Opened')], { expectedRevision: 'no_stream' });
          const result = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'stream_exists' });

          expect(result.nextRevision).toBe(1n);
          expect(result.duplicate).toBe(false);
        },
        contractTestTimeoutMs,
      );

      it(
        "'stream_exists' on a missing stream is refused and writes nothing",
        async () => {
          const streamId = newStreamId();
          const error = await rejectionOf(
            store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'stream_exists' }),
          );
          expectWrongRevision(error, streamId, 'stream_exists', undefined);
          expect(await store.readStream(streamId)).toEqual([]);
        },
        contractTestTimeoutMs,
      );

      it(
        'an exact revision appends when the stream is at that revision',
        async () => {
          const streamId = newStreamId();
          const first = await store.appendToStream(streamId, newEvents(3, 'Noted'), { expectedRevision: 'no_stream' });
          expect(first.nextRevision).toBe(2n);

          const second = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 2n });
          expect(second.nextRevision).toBe(3n);
          expect(second.firstPosition).toBeGreaterThan(first.position);
        },
        contractTestTimeoutMs,
      );

      it(
        'an exact revision that is behind or ahead of the stream is refused and writes nothing',
        async () => {
          const streamId = newStreamId();
          const existing = newEvents(3, 'Noted');
          await store.appendToStream(streamId, existing, { expectedRevision: 'no_stream' });

          for (const expectedRevision of [0n, 1n, 3n, 100n]) {
            const error = await rejectionOf(
              store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision }),
            );
            expectWrongRevision(error, streamId, expectedRevision, 2n);
          }
          expect(await idsOfStream(streamId)).toEqual(ids(existing));
        },
        contractTestTimeoutMs,
      );

      it(
        'an exact revision on a missing stream is refused and writes nothing',
        async () => {
          const streamId = newStreamId();
          const error = await rejectionOf(store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 0n }));
          expectWrongRevision(error, streamId, 0n, undefined);
          expect(await store.readStream(streamId)).toEqual([]);
        },
        contractTestTimeoutMs,
      );
    });

    describe('concurrent appends', () => {
      it(
        'to one stream at the same expected revision: exactly one wins each revision',
        async () => {
          const streamId = newStreamId();
          const winners: string[] = [];

          const creation = await settleAll(
            Array.from({ length: contenderCount }, () => [newEvent('Opened')]),
            (events) => store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }),
          );
          winners.push(...expectOneWinner(creation, streamId, 'no_stream', 0n));

          for (const revision of [0n, 1n, 2n]) {
            const race = await settleAll(
              Array.from({ length: contenderCount }, () => [newEvent('Noted')]),
              (events) => store.appendToStream(streamId, events, { expectedRevision: revision }),
            );
            winners.push(...expectOneWinner(race, streamId, revision, revision + 1n));
          }

          const stored = await store.readStream(streamId);
          expect(stored.map((event) => event.id)).toEqual(winners);
          expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n]);
        },
        contractTestTimeoutMs,
      );

      it(
        "to one stream with 'any': every append lands, on distinct consecutive revisions",
        async () => {
          const streamId = newStreamId();
          const appended = Array.from({ length: contenderCount }, () => newEvent('Noted'));
          const results = await Promise.all(
            appended.map((event) => store.appendToStream(streamId, [event], { expectedRevision: 'any' })),
          );

          const revisions = results.map((result) => result.nextRevision).sort(compareBigint);
          expect(revisions).toEqual(Array.from({ length: contenderCount }, (_, index) => BigInt(index)));
          const stored = await store.readStream(streamId);
          expect(new Set(stored.map((event) => event.id))).toEqual(new Set(ids(appended)));
          expectStrictlyIncreasing(stored.map((event) => event.position));
        },
        contractTestTimeoutMs,
      );
    });

    describe('multi-event appends', () => {
      it(
        'give consecutive revisions and strictly increasing positions',
        async () => {
          const streamId = newStreamId();
          const firstBatch = newEvents(5, 'Noted');
          const first = await store.appendToStream(streamId, firstBatch, { expectedRevision: 'no_stream' });
          const secondBatch = newEvents(3, 'Noted');
          const second = await store.appendToStream(streamId, secondBatch, { expectedRevision: 4n });

          expect(first.nextRevision).toBe(4n);
          expect(first.eventIds).toEqual(ids(firstBatch));
          expect(second.nextRevision).toBe(7n);
          expect(second.eventIds).toEqual(ids(secondBatch));

          const stored = await store.readStream(streamId);
          expect(stored.map((event) => event.id)).toEqual([...ids(firstBatch), ...ids(secondBatch)]);
          expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
          expectStrictlyIncreasing(stored.map((event) => event.position));
          expect(stored[0].position).toBe(first.firstPosition);
          expect(stored[4].position).toBe(first.position);
          expect(stored[5].position).toBe(second.firstPosition);
          expect(stored[7].position).toBe(second.position);
        },
        contractTestTimeoutMs,
      );

      it(
        'keep data and metadata exactly, recordedAt as a Date',
        async () => {
          const streamId = newStreamId();
          const data: JsonObject = {
            programName: 'Chương trình mục tiêu quốc gia giảm nghèo bền vững',
            locality: 'Xã Đắk Nuê, huyện Lắk, tỉnh Đắk Lắk',
            amountVnd: '9999999999999999',
            largeDecimal: '123456789012345678901234567890.000000000000000001',
            negativeAmountVnd: '-42',
            nested: { level1: { level2: { list: [1, 'hai', { ba: true }, null, [], {}] } } },
            numbers: [0, -1, 1.5, 0.1, 1e21, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
            emptyString: '',
            symbols: '💰 🇻🇳 ₫',
            escapes: 'quote " backslash \\ newline \n tab \t control \u0001 nul \u0000',
            flag: false,
            nothing: null,
          };
          const metadata: JsonObject = {
            commandId: uuidv7(),
            correlationId: uuidv7(),
            actor: { userId: 'cán-bộ-01', role: 'kế toán trưởng' },
          };
          const event: EventToAppend = { id: uuidv7(), type: 'QuỹĐượcCấp', data, metadata };
          const before = Date.now();
          await store.appendToStream(streamId, [event, newEvent('Noted', {}, {})], { expectedRevision: 'no_stream' });
          const after = Date.now();

          const [stored, empty] = await store.readStream(streamId);
          expect(stored.id).toBe(event.id);
          expect(stored.streamId).toBe(streamId);
          expect(stored.type).toBe('QuỹĐượcCấp');
          expect(stored.data).toEqual(data);
          expect(stored.metadata).toEqual(metadata);
          // Key order is part of "exactly": hashes and signatures over event JSON depend on it.
          expect(JSON.stringify(stored.data)).toBe(JSON.stringify(data));
          expect(JSON.stringify(stored.metadata)).toBe(JSON.stringify(metadata));
          expect(empty.data).toEqual({});
          expect(empty.metadata).toEqual({});

          expect(stored.recordedAt).toBeInstanceOf(Date);
          expect(Number.isNaN(stored.recordedAt.getTime())).toBe(false);
          expect(stored.recordedAt.getTime()).toBeGreaterThanOrEqual(before - clockSkewToleranceMs);
          expect(stored.recordedAt.getTime()).toBeLessThanOrEqual(after + clockSkewToleranceMs);
        },
        contractTestTimeoutMs,
      );
    });

    describe('readStream', () => {
      async function fiveEventStream(): Promise<{ streamId: string; events: EventToAppend[] }> {
        const streamId = newStreamId();
        const events = newEvents(5, 'Noted');
        await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        return { streamId, events };
      }

      it(
        'reads forwards from revision 0 by default',
        async () => {
          const { streamId, events } = await fiveEventStream();
          const stored = await store.readStream(streamId);
          expect(stored.map((event) => event.id)).toEqual(ids(events));
          expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        },
        contractTestTimeoutMs,
      );

      it(
        'reads forwards from a revision, inclusive, up to maxCount',
        async () => {
          const { streamId } = await fiveEventStream();
          expect(await revisionsOf(streamId, { fromRevision: 2n, maxCount: 2 })).toEqual([2n, 3n]);
          expect(await revisionsOf(streamId, { fromRevision: 2n })).toEqual([2n, 3n, 4n]);
          expect(await revisionsOf(streamId, { fromRevision: 4n, maxCount: 10 })).toEqual([4n]);
          expect(await revisionsOf(streamId, { fromRevision: 5n })).toEqual([]);
          expect(await revisionsOf(streamId, { maxCount: 1 })).toEqual([0n]);
        },
        contractTestTimeoutMs,
      );

      it(
        'reads backwards from the end by default, or from a revision, inclusive',
        async () => {
          const { streamId } = await fiveEventStream();
          expect(await revisionsOf(streamId, { direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
          expect(await revisionsOf(streamId, { direction: 'backwards', maxCount: 2 })).toEqual([4n, 3n]);
          expect(await revisionsOf(streamId, { direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual([3n, 2n]);
          expect(await revisionsOf(streamId, { direction: 'backwards', fromRevision: 0n })).toEqual([0n]);
          expect(await revisionsOf(streamId, { direction: 'backwards', fromRevision: 100n })).toEqual([4n, 3n, 2n, 1n, 0n]);
        },
        contractTestTimeoutMs,
      );

      it(
        'reads a missing stream as empty in both directions',
        async () => {
          const streamId = newStreamId();
          expect(await store.readStream(streamId)).toEqual([]);
          expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
        },
        contractTestTimeoutMs,
      );

      it(
        'refuses a maxCount below 1 or not an integer, and a negative fromRevision, with RangeError',
        async () => {
          const { streamId } = await fiveEventStream();
          for (const maxCount of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
            expect(await rejectionOf(store.readStream(streamId, { maxCount }))).toBeInstanceOf(RangeError);
          }
          expect(await rejectionOf(store.readStream(streamId, { fromRevision: -1n }))).toBeInstanceOf(RangeError);
        },
        contractTestTimeoutMs,
      );

      it(
        'returns at most readCountMax events, clamping a larger maxCount',
        async () => {
          const streamId = newStreamId();
          const events = newEvents(readCountMax + 1, 'Noted');
          const results = await appendInChunks(streamId, events);

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
        },
        contractTestTimeoutMs,
      );
    });

    describe('readAll', () => {
      /** Four appends interleaved over two streams; returns the events in append order. */
      async function interleavedAppends(prefix: string, types: readonly string[] = ['Noted']): Promise<{
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

      it(
        'reads every stream in global order from a position, inclusive',
        async () => {
          const prefix = newStreamPrefix();
          const { events, results } = await interleavedAppends(prefix);
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
        },
        contractTestTimeoutMs,
      );

      it(
        'starts at the beginning of the store by default and honours maxCount',
        async () => {
          const prefix = newStreamPrefix();
          const { events, results } = await interleavedAppends(prefix);

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
        },
        contractTestTimeoutMs,
      );

      it(
        'filters by event type',
        async () => {
          const prefix = newStreamPrefix();
          const [typeA, typeB] = [newEventType('Alpha'), newEventType('Beta')];
          const { events, results } = await interleavedAppends(prefix, [typeA, typeB]);
          const fromPosition = results[0].firstPosition;

          const onlyA = await store.readAll({ fromPosition, filter: { eventTypes: [typeA] } });
          expect(onlyA.map((event) => event.id)).toEqual(ids(events.filter((event) => event.type === typeA)));
          const both = await store.readAll({ fromPosition, filter: { eventTypes: [typeB, typeA] } });
          expect(both.map((event) => event.id)).toEqual(ids(events));
          expect(await store.readAll({ fromPosition, filter: { eventTypes: [newEventType('Unused')] } })).toEqual([]);
        },
        contractTestTimeoutMs,
      );

      it(
        'filters by stream prefix, literally and case-sensitively',
        async () => {
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
        },
        contractTestTimeoutMs,
      );

      it(
        'applies type and prefix filters together',
        async () => {
          const prefix = newStreamPrefix();
          const [typeA, typeB] = [newEventType('Alpha'), newEventType('Beta')];
          const { events, results } = await interleavedAppends(prefix, [typeA, typeB]);
          const otherPrefix = newStreamPrefix();
          await store.appendToStream(`${otherPrefix}a`, [newEvent(typeA)], { expectedRevision: 'no_stream' });

          const stored = await store.readAll({
            fromPosition: results[0].firstPosition,
            filter: { eventTypes: [typeA], streamPrefixes: [`${prefix}b`] },
          });
          const expected = events.filter((event, index) => event.type === typeA && [2, 4, 5].includes(index));
          expect(stored.map((event) => event.id)).toEqual(ids(expected));
        },
        contractTestTimeoutMs,
      );

      it(
        'refuses invalid maxCount, a negative fromPosition and empty filter lists with RangeError',
        async () => {
          for (const maxCount of [0, -1, 2.5, Number.NaN]) {
            expect(await rejectionOf(store.readAll({ maxCount }))).toBeInstanceOf(RangeError);
          }
          expect(await rejectionOf(store.readAll({ fromPosition: -1n }))).toBeInstanceOf(RangeError);
          expect(await rejectionOf(store.readAll({ filter: { eventTypes: [] } }))).toBeInstanceOf(RangeError);
          expect(await rejectionOf(store.readAll({ filter: { streamPrefixes: [] } }))).toBeInstanceOf(RangeError);
        },
        contractTestTimeoutMs,
      );
    });

    describe('subscribeToAll', () => {
      it(
        'from the start delivers stored events, then one caught-up, then live events',
        async () => {
          const prefix = newStreamPrefix();
          const stored = newEvents(3, 'Noted');
          await store.appendToStream(`${prefix}a`, stored.slice(0, 2), { expectedRevision: 'no_stream' });
          await store.appendToStream(`${prefix}b`, stored.slice(2), { expectedRevision: 'no_stream' });

          const recorder = record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
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
        },
        contractTestTimeoutMs,
      );

      it(
        'from afterPosition delivers only later events (the position is exclusive)',
        async () => {
          const prefix = newStreamPrefix();
          const stored = newEvents(3, 'Noted');
          const result = await store.appendToStream(`${prefix}a`, stored, { expectedRevision: 'no_stream' });
          const [first, , last] = await store.readStream(`${prefix}a`);

          // Unfiltered: the subscription may deliver other writers' events, so look at ours only.
          const afterFirst = record(store.subscribeToAll({ afterPosition: first.position }));
          const afterLast = record(store.subscribeToAll({ afterPosition: result.position }));
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
        },
        contractTestTimeoutMs,
      );

      it(
        'filters by event type and by stream prefix, before and after catching up',
        async () => {
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

          const byType = record(store.subscribeToAll({ afterPosition: startAfter, filter: { eventTypes: [typeA] } }));
          const byPrefix = record(store.subscribeToAll({ afterPosition: startAfter, filter: { streamPrefixes: [`${prefix}x-`] } }));
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
        },
        contractTestTimeoutMs,
      );

      it(
        'passes over many events that do not match, catching up and then going live',
        async () => {
          const prefix = newStreamPrefix();
          const [wanted, unwanted] = [newEventType('Wanted'), newEventType('Unwanted')];
          const startAfter = await store.headPosition();
          await appendInChunks(`${prefix}noise-1`, newEvents(1_200, unwanted));
          const storedWanted = newEvent(wanted);
          await store.appendToStream(`${prefix}signal`, [storedWanted], { expectedRevision: 'no_stream' });

          const recorder = record(store.subscribeToAll({ afterPosition: startAfter, filter: { eventTypes: [wanted] } }));
          await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
          expect(recorder.events().map((event) => event.id)).toEqual([storedWanted.id]);

          await appendInChunks(`${prefix}noise-2`, newEvents(1_200, unwanted));
          const liveWanted = newEvent(wanted);
          await store.appendToStream(`${prefix}signal`, [liveWanted], { expectedRevision: 0n });
          await recorder.waitFor('the live event', () => recorder.events().length === 2);
          expect(recorder.events().map((event) => event.id)).toEqual([storedWanted.id, liveWanted.id]);
        },
        contractTestTimeoutMs,
      );

      it(
        'delivers a long history in order',
        async () => {
          const prefix = newStreamPrefix();
          const events = newEvents(2_500, 'Noted');
          await appendInChunks(`${prefix}long`, events);
          const recorder = record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
          await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
          expect(recorder.events().map((event) => event.id)).toEqual(ids(events));
          expect(recorder.events().map((event) => event.revision)).toEqual(events.map((_, index) => BigInt(index)));
        },
        contractTestTimeoutMs,
      );

      it(
        'ends its iterator on close, and close may be called again',
        async () => {
          const prefix = newStreamPrefix();
          await store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 'no_stream' });
          const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
          const recorder = record(subscription);
          await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);

          await subscription.close();
          await recorder.waitForEnd();
          await subscription.close();
          expect(recorder.eventsWithPrefix(prefix)).toHaveLength(1);

          const closedEarly = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
          const earlyRecorder = record(closedEarly);
          await closedEarly.close();
          await earlyRecorder.waitForEnd();
        },
        contractTestTimeoutMs,
      );

      it(
        'can be left with break, after which close still resolves',
        async () => {
          const prefix = newStreamPrefix();
          await store.appendToStream(`${prefix}a`, newEvents(3, 'Noted'), { expectedRevision: 'no_stream' });
          const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
          openSubscriptions.push(subscription);
          const seen: string[] = [];
          for await (const message of subscription) {
            if (message.kind === 'caught-up') break;
            seen.push(message.event.id);
          }
          expect(seen).toHaveLength(3);
          await subscription.close();
        },
        contractTestTimeoutMs,
      );

      it(
        'serves two concurrent subscriptions with the same events in the same order',
        async () => {
          const prefix = newStreamPrefix();
          const stored = newEvent('Noted');
          await store.appendToStream(`${prefix}a`, [stored], { expectedRevision: 'no_stream' });
          const first = record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
          const second = record(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
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
        },
        contractTestTimeoutMs,
      );

      it(
        'refuses empty filter lists and an afterPosition below -1 synchronously with RangeError',
        async () => {
          expect(() => store.subscribeToAll({ filter: { eventTypes: [] } })).toThrow(RangeError);
          expect(() => store.subscribeToAll({ filter: { streamPrefixes: [] } })).toThrow(RangeError);
          expect(() => store.subscribeToAll({ afterPosition: -2n })).toThrow(RangeError);
        },
        contractTestTimeoutMs,
      );
    });

    describe('idempotent commands', () => {
      it(
        'a retry with the same command id and hash is a duplicate carrying the original figures',
        async () => {
          const streamId = newStreamId();
          const command = newCommand();
          const events = newEvents(2, 'Noted');
          const first = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream', command });
          expect(first.duplicate).toBe(false);

          // Retried with new event ids (the handler ran again) and with the same ids (the request
          // was resent); in both the expected revision is no longer right.
          for (const retryEvents of [newEvents(2, 'Noted'), events]) {
            const retry = await store.appendToStream(streamId, retryEvents, { expectedRevision: 'no_stream', command });
            expect(retry).toEqual({ ...first, duplicate: true });
          }
          expect(await idsOfStream(streamId)).toEqual(ids(events));

          expect(await store.findCommand(command.commandId)).toEqual({
            commandId: command.commandId,
            requestHash: command.requestHash,
            streamId,
            eventIds: ids(events),
            firstRevision: 0n,
            nextRevision: 1n,
            firstPosition: first.firstPosition,
            position: first.position,
          });
        },
        contractTestTimeoutMs,
      );

      it(
        'records the revisions of a command appended to an existing stream',
        async () => {
          const streamId = newStreamId();
          await store.appendToStream(streamId, newEvents(3, 'Noted'), { expectedRevision: 'no_stream' });
          const command = newCommand();
          const result = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 2n, command });
          const found = await store.findCommand(command.commandId);
          expect(found?.firstRevision).toBe(3n);
          expect(found?.nextRevision).toBe(4n);
          expect(found?.firstPosition).toBe(result.firstPosition);
          expect(found?.position).toBe(result.position);
        },
        contractTestTimeoutMs,
      );

      it(
        'the same command id with another hash is refused and appends nothing',
        async () => {
          const streamId = newStreamId();
          const command = newCommand();
          const events = [newEvent('Noted')];
          await store.appendToStream(streamId, events, { expectedRevision: 'no_stream', command });

          const error = await rejectionOf(
            store.appendToStream(streamId, [newEvent('Noted')], {
              expectedRevision: 0n,
              command: { commandId: command.commandId, requestHash: `${command.requestHash}-changed` },
            }),
          );
          expect(error).toBeInstanceOf(CommandIdConflictError);
          expect((error as CommandIdConflictError).commandId).toBe(command.commandId);
          expect(await idsOfStream(streamId)).toEqual(ids(events));
          expect((await store.findCommand(command.commandId))?.requestHash).toBe(command.requestHash);
        },
        contractTestTimeoutMs,
      );

      it(
        'a refused append records no command, so a corrected retry is appended',
        async () => {
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream' });
          const command = newCommand();

          const error = await rejectionOf(
            store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream', command }),
          );
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.findCommand(command.commandId)).toBeUndefined();

          const retry = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 0n, command });
          expect(retry.duplicate).toBe(false);
          expect(retry.nextRevision).toBe(1n);
        },
        contractTestTimeoutMs,
      );

      it(
        'concurrent retries of one command append it once and all report its figures',
        async () => {
          const streamId = newStreamId();
          const command = newCommand();
          const results = await Promise.all(
            Array.from({ length: contenderCount }, () =>
              store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'any', command }),
            ),
          );
          const originals = results.filter((result) => !result.duplicate);
          expect(originals).toHaveLength(1);
          for (const result of results) expect(result).toEqual({ ...originals[0], duplicate: result.duplicate });
          expect(await idsOfStream(streamId)).toEqual(originals[0].eventIds);
        },
        contractTestTimeoutMs,
      );

      it(
        'findCommand of an unknown command id is undefined',
        async () => {
          expect(await store.findCommand(uuidv7())).toBeUndefined();
        },
        contractTestTimeoutMs,
      );
    });

    describe('invalid appends', () => {
      const refusals: Array<[string, () => { streamId: string; events: EventToAppend[]; options: AppendOptions }]> = [
        ['no events', () => ({ streamId: newStreamId(), events: [], options: { expectedRevision: 'any' } })],
        [
          'more than appendEventCountMax events',
          () => ({ streamId: newStreamId(), events: newEvents(appendEventCountMax + 1, 'Noted'), options: { expectedRevision: 'any' } }),
        ],
        [
          'the same event id twice in one append',
          () => {
            const event = newEvent('Noted');
            return { streamId: newStreamId(), events: [event, newEvent('Noted'), { ...event }], options: { expectedRevision: 'any' } };
          },
        ],
        [
          'an event id that is not a UUID',
          () => ({ streamId: newStreamId(), events: [{ ...newEvent('Noted'), id: 'event-1' }], options: { expectedRevision: 'any' } }),
        ],
        [
          'an empty event type',
          () => ({ streamId: newStreamId(), events: [newEvent('')], options: { expectedRevision: 'any' } }),
        ],
        [
          'a bigint in the data',
          () => ({
            streamId: newStreamId(),
            events: [newEvent('Noted', { amountVnd: 1_000_000n } as unknown as JsonObject)],
            options: { expectedRevision: 'any' },
          }),
        ],
        [
          'a number as expected revision',
          () => ({
            streamId: newStreamId(),
            events: [newEvent('Noted')],
            options: { expectedRevision: 0 as unknown as bigint },
          }),
        ],
        [
          'a negative expected revision',
          () => ({ streamId: newStreamId(), events: [newEvent('Noted')], options: { expectedRevision: -1n } }),
        ],
      ];

      it.each(refusals)(
        'refuses %s with InvalidAppendError and writes nothing',
        async (_, makeAppend) => {
          const { streamId, events, options } = makeAppend();
          const error = await rejectionOf(store.appendToStream(streamId, events, options));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(await store.readStream(streamId)).toEqual([]);
        },
        contractTestTimeoutMs,
      );

      it(
        'refuses an empty stream id with InvalidAppendError and writes nothing',
        async () => {
          const headBefore = await store.headPosition();
          const event = newEvent('Noted');
          const error = await rejectionOf(store.appendToStream('', [event], { expectedRevision: 'any' }));
          expect(error).toBeInstanceOf(InvalidAppendError);
          expect(await storedAmong([event.id], headBefore)).toEqual([]);
        },
        contractTestTimeoutMs,
      );

      it(
        'refuses an event id that is already stored, in any stream, and writes nothing',
        async () => {
          const prefix = newStreamPrefix();
          const existing = newEvent('Noted');
          await store.appendToStream(`${prefix}a`, [existing], { expectedRevision: 'no_stream' });

          const fresh = newEvent('Noted');
          const elsewhere = await rejectionOf(
            store.appendToStream(`${prefix}b`, [fresh, { ...existing }], { expectedRevision: 'any' }),
          );
          expect(elsewhere).toBeInstanceOf(InvalidAppendError);
          const sameStream = await rejectionOf(
            store.appendToStream(`${prefix}a`, [fresh, { ...existing }], { expectedRevision: 0n }),
          );
          expect(sameStream).toBeInstanceOf(InvalidAppendError);

          expect(await store.readStream(`${prefix}b`)).toEqual([]);
          expect(await idsOfStream(`${prefix}a`)).toEqual([existing.id]);
        },
        contractTestTimeoutMs,
      );

      it(
        'a refused append does not disturb the appends made at the same time',
        async () => {
          const prefix = newStreamPrefix();
          const existing = newEvent('Noted');
          await store.appendToStream(`${prefix}existing`, [existing], { expectedRevision: 'no_stream' });

          const [valid, wrongRevision, reusedId, secondValid] = await Promise.allSettled([
            store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 'no_stream' }),
            store.appendToStream(`${prefix}existing`, [newEvent('Noted')], { expectedRevision: 5n }),
            store.appendToStream(`${prefix}b`, [newEvent('Noted'), { ...existing }], { expectedRevision: 'no_stream' }),
            store.appendToStream(`${prefix}c`, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' }),
          ]);
          expect(valid.status).toBe('fulfilled');
          expect(secondValid.status).toBe('fulfilled');
          expect(wrongRevision.status === 'rejected' && wrongRevision.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(reusedId.status === 'rejected' && reusedId.reason).toBeInstanceOf(InvalidAppendError);
          expect(await store.readStream(`${prefix}a`)).toHaveLength(1);
          expect(await store.readStream(`${prefix}b`)).toEqual([]);
          expect(await store.readStream(`${prefix}c`)).toHaveLength(2);
          expect(await idsOfStream(`${prefix}existing`)).toEqual([existing.id]);
        },
        contractTestTimeoutMs,
      );
    });

    describe('headPosition', () => {
      it(
        'is the position of the last event appended',
        async () => {
          const streamId = newStreamId();
          const first = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' });
          await expectHeadAtOrAfter(first.position);
          const second = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 1n });
          await expectHeadAtOrAfter(second.position);
        },
        contractTestTimeoutMs,
      );
    });

    describe('reopen', () => {
      it(
        'keeps every event, the head and the command records',
        async () => {
          const reopen = harness.reopen;
          // Adapters without a reopen (nothing local to reopen) have nothing to check here.
          if (reopen === undefined) return;
          const prefix = newStreamPrefix();
          const command = newCommand();
          await store.appendToStream(`${prefix}a`, newEvents(3, 'Noted'), { expectedRevision: 'no_stream', command });
          const last = await store.appendToStream(`${prefix}b`, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' });
          const streamsBefore = [await store.readStream(`${prefix}a`), await store.readStream(`${prefix}b`)];
          const commandBefore = await store.findCommand(command.commandId);
          const headBefore = await store.headPosition();

          store = await reopen();

          expect([await store.readStream(`${prefix}a`), await store.readStream(`${prefix}b`)]).toEqual(streamsBefore);
          expect(await store.findCommand(command.commandId)).toEqual(commandBefore);
          expect(await store.headPosition()).toBeGreaterThanOrEqual(headBefore);
          await expectHeadAtOrAfter(last.position);

          const retry = await store.appendToStream(`${prefix}a`, newEvents(3, 'Noted'), { expectedRevision: 'no_stream', command });
          expect(retry.duplicate).toBe(true);
          const next = await store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 2n });
          expect(next.nextRevision).toBe(3n);
          expect(next.position).toBeGreaterThan(headBefore);
        },
        contractTestTimeoutMs,
      );
    });

    // Helpers that need the current store.

    async function idsOfStream(streamId: string): Promise<string[]> {
      return (await store.readStream(streamId)).map((event) => event.id);
    }

    async function revisionsOf(streamId: string, options: Parameters<EventStore['readStream']>[1]): Promise<bigint[]> {
      return (await store.readStream(streamId, options)).map((event) => event.revision);
    }

    async function appendInChunks(streamId: string, events: readonly EventToAppend[]): Promise<AppendResult[]> {
      const results: AppendResult[] = [];
      for (let start = 0; start < events.length; start += bulkAppendEventCount) {
        const chunk = events.slice(start, start + bulkAppendEventCount);
        results.push(await store.appendToStream(streamId, chunk, { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) }));
      }
      return results;
    }

    /** Which of `eventIds` the store holds after position `headBefore`. */
    async function storedAmong(eventIds: readonly string[], headBefore: bigint): Promise<RecordedEvent[]> {
      const wanted = new Set(eventIds);
      const since = await store.readAll({ fromPosition: headBefore < 0n ? 0n : headBefore });
      return since.filter((event) => wanted.has(event.id));
    }

    /**
     * The head is the last event's position. Other writers may share the store, so the head may
     * have moved past `position`, but it is never behind it and always names a stored event.
     */
    async function expectHeadAtOrAfter(position: bigint): Promise<void> {
      const head = await store.headPosition();
      expect(head).toBeGreaterThanOrEqual(position);
      const fromPosition = await store.readAll({ fromPosition: position });
      const upToHead = fromPosition.filter((event) => event.position <= head);
      expect(upToHead[0]?.position).toBe(position);
      expect(upToHead.at(-1)?.position).toBe(head);
    }
  });
}

function newStreamId(): string {
  return `contract-${uuidv4().replace(/-/g, '')}`;
}

/** A prefix no other test uses, for tests that need several streams found together. */
function newStreamPrefix(): string {
  return `${newStreamId()}-`;
}

/** Event types unique to one test, so type filters on a shared store see only that test's events. */
function newEventType(label: string): string {
  return `Contract${label}-${uuidv4().replace(/-/g, '')}`;
}

function newEvent(type: string, data: JsonObject = { note: 'ghi chú' }, metadata: JsonObject = { source: 'contract' }): EventToAppend {
  return { id: uuidv7(), type, data, metadata };
}

function newEvents(count: number, type: string): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent(type, { index }));
}

function newCommand(): { commandId: string; requestHash: string } {
  return { commandId: uuidv7(), requestHash: `sha256-${uuidv4().replace(/-/g, '')}` };
}

function ids(events: readonly EventToAppend[]): string[] {
  return events.map((event) => event.id);
}

function summary(event: RecordedEvent): { id: string; revision: bigint; position: bigint } {
  return { id: event.id, revision: event.revision, position: event.position };
}

function compareBigint(left: bigint, right: bigint): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function expectStrictlyIncreasing(values: readonly bigint[]): void {
  for (let index = 1; index < values.length; index++) {
    expect(values[index]).toBeGreaterThan(values[index - 1]);
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to be rejected, but it was fulfilled');
}

function expectWrongRevision(
  error: unknown,
  streamId: string,
  expectedRevision: WrongExpectedRevisionError['expectedRevision'],
  actualRevision: bigint | undefined,
): void {
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const wrong = error as WrongExpectedRevisionError;
  expect(wrong.streamId).toBe(streamId);
  expect(wrong.expectedRevision).toBe(expectedRevision);
  expect(wrong.actualRevision).toBe(actualRevision);
}

async function settleAll<T>(inputs: readonly T[], run: (input: T) => Promise<AppendResult>): Promise<Array<{ input: T; outcome: PromiseSettledResult<AppendResult> }>> {
  const outcomes = await Promise.allSettled(inputs.map(run));
  return outcomes.map((outcome, index) => ({ input: inputs[index], outcome }));
}

/** Asserts one contender won and every other was refused with the winner's revision; returns the winner's event ids. */
function expectOneWinner(
  race: Array<{ input: EventToAppend[]; outcome: PromiseSettledResult<AppendResult> }>,
  streamId: string,
  expectedRevision: WrongExpectedRevisionError['expectedRevision'],
  winningRevision: bigint,
): string[] {
  const winners = race.filter((entry) => entry.outcome.status === 'fulfilled');
  expect(winners).toHaveLength(1);
  const won = winners[0].outcome as PromiseFulfilledResult<AppendResult>;
  expect(won.value.nextRevision).toBe(winningRevision);
  for (const entry of race) {
    if (entry.outcome.status === 'rejected') expectWrongRevision(entry.outcome.reason, streamId, expectedRevision, winningRevision);
  }
  return ids(winners[0].input);
}
