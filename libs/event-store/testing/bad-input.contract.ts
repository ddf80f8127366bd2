/**
 * Appends that break the port's rules: each is refused with `InvalidAppendError`, writes nothing,
 * and leaves the appends made at the same time alone.
 */
import { appendEventCountMax, InvalidAppendError, uniqueKeyLengthMax, uniqueKeysPerAppendMax, WrongExpectedRevisionError } from '../src';
import type { AppendOptions, EventStore, EventToAppend, JsonObject, RecordedEvent } from '../src';
import { contractTestTimeoutMs, idsOfStream, newEvent, newEvents, newStreamId, newStreamPrefix, rejectionOf } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeBadInputContract(context: ContractTestContext): void {
  describe('invalid appends', () => {
    /** Which of `eventIds` `store` holds after position `headBefore`. */
    async function storedAmong(store: EventStore, eventIds: readonly string[], headBefore: bigint): Promise<RecordedEvent[]> {
      const wanted = new Set(eventIds);
      const since = await store.readAll({ fromPosition: headBefore < 0n ? 0n : headBefore });
      return since.filter((event) => wanted.has(event.id));
    }

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
      [
        'the same unique key twice in one append',
        () => ({ streamId: newStreamId(), events: [newEvent('Noted')], options: { expectedRevision: 'any', uniqueKeys: ['voucher-1', 'voucher-1'] } }),
      ],
      [
        'more than uniqueKeysPerAppendMax unique keys',
        () => ({
          streamId: newStreamId(),
          events: [newEvent('Noted')],
          options: { expectedRevision: 'any', uniqueKeys: Array.from({ length: uniqueKeysPerAppendMax + 1 }, (_, index) => `key-${index}`) },
        }),
      ],
      ['an empty unique key', () => ({ streamId: newStreamId(), events: [newEvent('Noted')], options: { expectedRevision: 'any', uniqueKeys: [''] } })],
      [
        'a unique key longer than uniqueKeyLengthMax',
        () => ({ streamId: newStreamId(), events: [newEvent('Noted')], options: { expectedRevision: 'any', uniqueKeys: ['k'.repeat(uniqueKeyLengthMax + 1)] } }),
      ],
      [
        'a unique key that is not a string',
        () => ({ streamId: newStreamId(), events: [newEvent('Noted')], options: { expectedRevision: 'any', uniqueKeys: [42 as unknown as string] } }),
      ],
    ];

    context.test('accepts a unique key of exactly uniqueKeyLengthMax characters and uniqueKeysPerAppendMax keys', async (store) => {
      const prefix = newStreamPrefix();
      const longest = `${prefix}${'k'.repeat(uniqueKeyLengthMax - prefix.length)}`;
      await store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 'no_stream', uniqueKeys: [longest] });
      const most = Array.from({ length: uniqueKeysPerAppendMax }, (_, index) => `${prefix}key-${index}`);
      await store.appendToStream(`${prefix}b`, [newEvent('Noted')], { expectedRevision: 'no_stream', uniqueKeys: most });
      expect(await store.readStream(`${prefix}b`)).toHaveLength(1);
    });

    it.each(refusals)(
      'refuses %s with InvalidAppendError and writes nothing',
      async (_, makeAppend) => {
        const store = context.store;
        const { streamId, events, options } = makeAppend();
        const error = await rejectionOf(store.appendToStream(streamId, events, options));
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(streamId)).toEqual([]);
      },
      contractTestTimeoutMs,
    );

    context.test('refuses an empty stream id with InvalidAppendError and writes nothing', async (store) => {
      const headBefore = await store.headPosition();
      const event = newEvent('Noted');
      const error = await rejectionOf(store.appendToStream('', [event], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(InvalidAppendError);
      expect(await storedAmong(store, [event.id], headBefore)).toEqual([]);
    });

    context.test('a refused append does not disturb the appends made at the same time', async (store) => {
      const prefix = newStreamPrefix();
      const existing = newEvent('Noted');
      await store.appendToStream(`${prefix}existing`, [existing], { expectedRevision: 'no_stream' });

      const twice = newEvent('Noted');
      const [valid, wrongRevision, reusedId, secondValid] = await Promise.allSettled([
        store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 'no_stream' }),
        store.appendToStream(`${prefix}existing`, [newEvent('Noted')], { expectedRevision: 5n }),
        store.appendToStream(`${prefix}b`, [twice, newEvent('Noted'), { ...twice }], { expectedRevision: 'no_stream' }),
        store.appendToStream(`${prefix}c`, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' }),
      ]);
      expect(valid.status).toBe('fulfilled');
      expect(secondValid.status).toBe('fulfilled');
      expect(wrongRevision.status === 'rejected' && wrongRevision.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(reusedId.status === 'rejected' && reusedId.reason).toBeInstanceOf(InvalidAppendError);
      expect(await store.readStream(`${prefix}a`)).toHaveLength(1);
      expect(await store.readStream(`${prefix}b`)).toEqual([]);
      expect(await store.readStream(`${prefix}c`)).toHaveLength(2);
      expect(await idsOfStream(store, `${prefix}existing`)).toEqual([existing.id]);
    });
  });
}
