/**
 * Unique keys: an append takes keys no other append anywhere may take (a treasury voucher pays
 * once in the whole ledger). A taken key refuses the later append with its holder; a retry of
 * the command that took it is a duplicate; a refused append takes nothing; of appends racing
 * for one key exactly one wins.
 */
import { CommandIdConflictError, UniqueKeyTakenError, WrongExpectedRevisionError } from '../src';
import type { AppendResult } from '../src';
import { contenderCount, ids, newCommand, newEvent, newEvents, newStreamId, newStreamPrefix, rejectionOf } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeUniqueKeyContract(context: ContractTestContext): void {
  describe('unique keys', () => {
    /** A key no other test uses, as a voucher reference would be. */
    function newKey(): string {
      return `voucher-${newStreamId()}`;
    }

    context.test('a key taken by one append refuses a later append anywhere, naming the holder, and writes nothing', async (store) => {
      const prefix = newStreamPrefix();
      const key = newKey();
      const command = newCommand();
      const holder = newEvents(2, 'Disbursed');
      await store.appendToStream(`${prefix}a`, holder, { expectedRevision: 'no_stream', command, uniqueKeys: [key] });

      for (const [streamId, expectedRevision] of [[`${prefix}b`, 'no_stream'], [`${prefix}a`, 1n]] as const) {
        const error = await rejectionOf(
          store.appendToStream(streamId, [newEvent('Disbursed')], { expectedRevision, command: newCommand(), uniqueKeys: [newKey(), key] }),
        );
        expect(error).toBeInstanceOf(UniqueKeyTakenError);
        expect((error as UniqueKeyTakenError).key).toBe(key);
        expect((error as UniqueKeyTakenError).holder).toEqual({ streamId: `${prefix}a`, commandId: command.commandId, eventId: holder[0].id });
      }
      expect(await store.readStream(`${prefix}b`)).toEqual([]);
      expect((await store.readStream(`${prefix}a`)).map((event) => event.id)).toEqual(ids(holder));
    });

    context.test('a key taken by an append without a command names no command', async (store) => {
      const prefix = newStreamPrefix();
      const key = newKey();
      const holder = newEvent('Disbursed');
      await store.appendToStream(`${prefix}a`, [holder], { expectedRevision: 'no_stream', uniqueKeys: [key] });
      const error = await rejectionOf(store.appendToStream(`${prefix}b`, [newEvent('Disbursed')], { expectedRevision: 'any', uniqueKeys: [key] }));
      expect(error).toBeInstanceOf(UniqueKeyTakenError);
      expect((error as UniqueKeyTakenError).holder).toEqual({ streamId: `${prefix}a`, commandId: null, eventId: holder.id });
    });

    context.test('a retry of the command that took a key is a duplicate, not a refusal', async (store) => {
      const streamId = newStreamId();
      const key = newKey();
      const command = newCommand();
      const first = await store.appendToStream(streamId, [newEvent('Disbursed')], { expectedRevision: 'no_stream', command, uniqueKeys: [key] });
      const retry = await store.appendToStream(streamId, [newEvent('Disbursed')], { expectedRevision: 0n, command, uniqueKeys: [key] });
      expect(retry).toEqual({ ...first, duplicate: true });
      expect((await store.findCommand(command.commandId, { streamId }))?.uniqueKeys).toEqual([key]);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    context.test('a refused append takes none of its keys', async (store) => {
      const prefix = newStreamPrefix();
      const [key, otherKey] = [newKey(), newKey()];
      await store.appendToStream(`${prefix}a`, [newEvent('Opened')], { expectedRevision: 'no_stream' });

      const stale = await rejectionOf(
        store.appendToStream(`${prefix}a`, [newEvent('Disbursed')], { expectedRevision: 'no_stream', command: newCommand(), uniqueKeys: [key, otherKey] }),
      );
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);

      const recorded = newCommand();
      await store.appendToStream(`${prefix}b`, [newEvent('Noted')], { expectedRevision: 'no_stream', command: recorded });
      const conflicting = await rejectionOf(
        store.appendToStream(`${prefix}b`, [newEvent('Noted')], { expectedRevision: 0n, command: { ...recorded, requestHash: `${recorded.requestHash}-other` }, uniqueKeys: [key] }),
      );
      expect(conflicting).toBeInstanceOf(CommandIdConflictError);

      const taken = newEvent('Disbursed');
      await store.appendToStream(`${prefix}c`, [taken], { expectedRevision: 'no_stream', command: newCommand(), uniqueKeys: [key, otherKey] });
      expect((await store.readStream(`${prefix}c`)).map((event) => event.id)).toEqual([taken.id]);
    });

    context.test('a refusal for one taken key leaves the append’s other keys free', async (store) => {
      const prefix = newStreamPrefix();
      const [held, free] = [newKey(), newKey()];
      await store.appendToStream(`${prefix}a`, [newEvent('Disbursed')], { expectedRevision: 'no_stream', uniqueKeys: [held] });
      const refused = await rejectionOf(store.appendToStream(`${prefix}b`, [newEvent('Disbursed')], { expectedRevision: 'no_stream', uniqueKeys: [free, held] }));
      expect(refused).toBeInstanceOf(UniqueKeyTakenError);
      await store.appendToStream(`${prefix}c`, [newEvent('Disbursed')], { expectedRevision: 'no_stream', uniqueKeys: [free] });
      expect(await store.readStream(`${prefix}c`)).toHaveLength(1);
    });

    context.test('of appends racing for one key, exactly one wins and the others are refused with it as holder', async (store) => {
      const prefix = newStreamPrefix();
      const key = newKey();
      const contenders = Array.from({ length: contenderCount }, (_, index) => ({ streamId: `${prefix}${index}`, event: newEvent('Disbursed'), command: newCommand() }));
      const outcomes = await Promise.allSettled(
        contenders.map(({ streamId, event, command }) => store.appendToStream(streamId, [event], { expectedRevision: 'no_stream', command, uniqueKeys: [key] })),
      );
      const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [contenders[index]] : []));
      expect(winners).toHaveLength(1);
      const [winner] = winners;
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        expect(outcome.reason).toBeInstanceOf(UniqueKeyTakenError);
        expect((outcome.reason as UniqueKeyTakenError).holder).toEqual({ streamId: winner.streamId, commandId: winner.command.commandId, eventId: winner.event.id });
      }
      for (const { streamId } of contenders) {
        expect(await store.readStream(streamId)).toHaveLength(streamId === winner.streamId ? 1 : 0);
      }
    });

    context.test('concurrent retries of the command that takes a key append it once', async (store) => {
      const streamId = newStreamId();
      const key = newKey();
      const command = newCommand();
      const results: AppendResult[] = await Promise.all(
        Array.from({ length: 5 }, () => store.appendToStream(streamId, [newEvent('Disbursed')], { expectedRevision: 'no_stream', command, uniqueKeys: [key] })),
      );
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(await store.readStream(streamId)).toHaveLength(1);
      const other = await rejectionOf(store.appendToStream(newStreamId(), [newEvent('Disbursed')], { expectedRevision: 'no_stream', uniqueKeys: [key] }));
      expect(other).toBeInstanceOf(UniqueKeyTakenError);
    });
  });
}
