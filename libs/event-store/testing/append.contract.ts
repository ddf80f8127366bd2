/**
 * Appends with an expected revision: each of the four kinds refuses or appends as the port says,
 * concurrent writers at one revision produce exactly one winner, and a multi-event append keeps
 * its events, their order and their figures exactly.
 */
import { v7 as uuidv7 } from 'uuid';
import { WrongExpectedRevisionError } from '../src';
import type { AppendResult, EventToAppend, JsonObject } from '../src';
import { contenderCount, expectStrictlyIncreasing, ids, idsOfStream, newEvent, newEvents, newStreamId, rejectionOf, summary } from './contract-support';
import type { ContractTestContext } from './contract-support';

/** How far `recordedAt` may be from this machine's clock: a remote server's clock may differ a little. */
const clockSkewToleranceMs = 5 * 60_000;

export function describeAppendContract(context: ContractTestContext): void {
  describe('appendToStream with an expected revision', () => {
    context.test("'no_stream' creates the stream and returns its figures", async (store) => {
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
    });

    context.test("'no_stream' on an existing stream is refused and writes nothing", async (store) => {
      const streamId = newStreamId();
      const existing = newEvents(2, 'Opened');
      await store.appendToStream(streamId, existing, { expectedRevision: 'no_stream' });

      const error = await rejectionOf(
        store.appendToStream(streamId, [newEvent('Opened')], { expectedRevision: 'no_stream' }),
      );
      expectWrongRevision(error, streamId, 'no_stream', 1n);
      expect(await idsOfStream(store, streamId)).toEqual(ids(existing));
    });

    context.test("'any' appends to a missing stream and to an existing one", async (store) => {
      const streamId = newStreamId();
      const first = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'any' });
      const second = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 'any' });

      expect(first.nextRevision).toBe(0n);
      expect(second.nextRevision).toBe(2n);
      expect(second.firstPosition).toBeGreaterThan(first.position);
      expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
    });

    context.test("'stream_exists' appends to an existing stream", async (store) => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent('Opened')], { expectedRevision: 'no_stream' });
      const result = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'stream_exists' });

      expect(result.nextRevision).toBe(1n);
      expect(result.duplicate).toBe(false);
    });

    context.test("'stream_exists' on a missing stream is refused and writes nothing", async (store) => {
      const streamId = newStreamId();
      const error = await rejectionOf(
        store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'stream_exists' }),
      );
      expectWrongRevision(error, streamId, 'stream_exists', undefined);
      expect(await store.readStream(streamId)).toEqual([]);
    });

    context.test('an exact revision appends when the stream is at that revision', async (store) => {
      const streamId = newStreamId();
      const first = await store.appendToStream(streamId, newEvents(3, 'Noted'), { expectedRevision: 'no_stream' });
      expect(first.nextRevision).toBe(2n);

      const second = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 2n });
      expect(second.nextRevision).toBe(3n);
      expect(second.firstPosition).toBeGreaterThan(first.position);
    });

    context.test('an exact revision that is behind or ahead of the stream is refused and writes nothing', async (store) => {
      const streamId = newStreamId();
      const existing = newEvents(3, 'Noted');
      await store.appendToStream(streamId, existing, { expectedRevision: 'no_stream' });

      for (const expectedRevision of [0n, 1n, 3n, 100n]) {
        const error = await rejectionOf(
          store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision }),
        );
        expectWrongRevision(error, streamId, expectedRevision, 2n);
      }
      expect(await idsOfStream(store, streamId)).toEqual(ids(existing));
    });

    context.test('an exact revision on a missing stream is refused and writes nothing', async (store) => {
      const streamId = newStreamId();
      const error = await rejectionOf(store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 0n }));
      expectWrongRevision(error, streamId, 0n, undefined);
      expect(await store.readStream(streamId)).toEqual([]);
    });
  });

  describe('concurrent appends', () => {
    context.test('to one stream at the same expected revision: exactly one wins each revision', async (store) => {
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
    });

    context.test("to one stream with 'any': every append lands, on distinct consecutive revisions", async (store) => {
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
    });
  });

  describe('multi-event appends', () => {
    context.test('give consecutive revisions and strictly increasing positions', async (store) => {
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
    });

    context.test('keep data and metadata exactly, recordedAt as a Date', async (store) => {
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
    });
  });
}

function compareBigint(left: bigint, right: bigint): number {
  return left < right ? -1 : left > right ? 1 : 0;
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
