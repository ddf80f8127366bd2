/**
 * Command records and unique keys on EventStoreDB, as the adapter builds them: what a command
 * costs (one append on the normal path; a disbursement with a voucher, two), the record carried
 * in the first event and hidden from readers, retries recognised across processes and after
 * crashes, and unique-key claims left behind by a crash.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { v7 as uuidv7 } from 'uuid';
import { InvalidAppendError, UniqueKeyTakenError } from '@ledger/event-store';
import { rejectionOf, SubscriptionRecorder } from '@ledger/event-store/testing';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { bookkeepingEventTypes, encodeUniqueKeyClaim, uniqueKeyStreamName } from './bookkeeping-streams';
import { commandMarkerKey } from './command-marker';
import type { EsdbEventStore } from './esdb-event-store';
import { ids, newCommand, newEvent, newEvents, openTestStore } from './esdb-integration-support';

describe('EsdbEventStore command records and unique keys (test double)', () => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;
  let raw: EventStoreDBClient;

  beforeEach(async () => {
    double = await EsdbTestDouble.start();
    store = await openTestStore(double.connectionString);
    raw = EventStoreDBClient.connectionString(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await raw.dispose();
    await double.stop();
  });

  /** Server calls during `work`: appends, and reads of single streams. */
  async function callsDuring(work: () => Promise<unknown>): Promise<{ appends: number; streamReads: number; records: number }> {
    const before = { ...double.log.stats };
    await work();
    const after = double.log.stats;
    return { appends: after.appendCalls - before.appendCalls, streamReads: after.streamReads - before.streamReads, records: after.recordsWritten - before.recordsWritten };
  }

  describe('what a command costs', () => {
    it('one append and no read on the normal path: the repository folds the stream, then appends at its revision', async () => {
      await store.appendToStream('account-cost', newEvents(2), { expectedRevision: 'no_stream', command: newCommand() });
      const fold = await store.readStream('account-cost');
      const cost = await callsDuring(() =>
        store.appendToStream('account-cost', [newEvent()], { expectedRevision: fold.at(-1)!.revision, command: newCommand() }),
      );
      expect(cost).toEqual({ appends: 1, streamReads: 0, records: 1 });
    });

    it('one append for a new stream, and one read back for a command of several events (the first position)', async () => {
      const created = await callsDuring(() => store.appendToStream('account-new', [newEvent()], { expectedRevision: 'no_stream', command: newCommand() }));
      expect(created).toEqual({ appends: 1, streamReads: 0, records: 1 });
      const several = await callsDuring(() => store.appendToStream('account-new', newEvents(3), { expectedRevision: 0n, command: newCommand() }));
      expect(several).toEqual({ appends: 1, streamReads: 1, records: 3 });
    });

    it('two appends for a command that takes a unique key (a disbursement with its treasury voucher)', async () => {
      await store.appendToStream('account-voucher', [newEvent()], { expectedRevision: 'no_stream' });
      const cost = await callsDuring(() =>
        store.appendToStream('account-voucher', [newEvent()], { expectedRevision: 0n, command: newCommand(), uniqueKeys: ['KBNN-2024-000123'] }),
      );
      expect(cost).toEqual({ appends: 2, streamReads: 0, records: 2 });
    });

    it('a stream this process has not read yet is read once, from where its knowledge stops', async () => {
      await store.appendToStream('account-cold', newEvents(5), { expectedRevision: 'no_stream', command: newCommand() });
      const other = await openTestStore(double.connectionString);
      try {
        const first = await callsDuring(() => other.appendToStream('account-cold', [newEvent()], { expectedRevision: 4n, command: newCommand() }));
        expect(first).toEqual({ appends: 1, streamReads: 1, records: 1 });
        const next = await callsDuring(() => other.appendToStream('account-cold', [newEvent()], { expectedRevision: 5n, command: newCommand() }));
        expect(next).toEqual({ appends: 1, streamReads: 0, records: 1 });
      } finally {
        await other.close();
      }
    });
  });

  describe('the record in the first event', () => {
    it('travels in the first event’s metadata, which readers never see', async () => {
      const command = newCommand();
      const events = newEvents(2);
      await store.appendToStream('account-marked', events, { expectedRevision: 'no_stream', command, uniqueKeys: ['KBNN-9'] });
      const [first] = await collect(raw.readStream('account-marked'));
      expect(first.metadata).toEqual({
        source: 'esdb-test',
        [commandMarkerKey]: { schemaVersion: 1, commandId: command.commandId, requestHash: command.requestHash, eventCount: 2, uniqueKeys: ['KBNN-9'] },
      });

      const recorder = new SubscriptionRecorder(store.subscribeToAll({ filter: { streamPrefixes: ['account-marked'] } }));
      await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
      for (const read of [await store.readStream('account-marked'), await store.readAll(), recorder.events()]) {
        expect(read.map((event) => event.metadata)).toEqual([{ source: 'esdb-test' }, { source: 'esdb-test' }]);
      }
      await recorder.subscription.close();
    });

    it('refuses application metadata that uses the record’s key', async () => {
      const error = await rejectionOf(store.appendToStream('account-x', [{ ...newEvent(), metadata: { [commandMarkerKey]: 'mine' } }], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(InvalidAppendError);
    });

    it('a retry in another process, decided on the stream as it is now, is a duplicate; so is one decided on a stale view', async () => {
      const command = newCommand();
      const first = await store.appendToStream('account-shared', [newEvent()], { expectedRevision: 'no_stream', command });
      await store.appendToStream('account-shared', newEvents(2), { expectedRevision: 0n });

      for (const expectedRevision of [2n, 0n]) {
        const other = await openTestStore(double.connectionString);
        try {
          if (expectedRevision === 2n) await other.readStream('account-shared');
          expect(await other.appendToStream('account-shared', [newEvent()], { expectedRevision, command })).toEqual({ ...first, duplicate: true });
        } finally {
          await other.close();
        }
      }
      expect(await store.readStream('account-shared')).toHaveLength(3);
    });

    it('findCommand without the stream reads the log when this process does not know the command', async () => {
      const command = newCommand();
      const appended = await store.appendToStream('account-far', newEvents(2), { expectedRevision: 'no_stream', command });
      const other = await openTestStore(double.connectionString);
      try {
        expect(await other.findCommand(command.commandId)).toMatchObject({ streamId: 'account-far', eventIds: appended.eventIds, firstRevision: 0n, nextRevision: 1n });
      } finally {
        await other.close();
      }
    });
  });

  describe('unique-key claims left behind', () => {
    /** What a process that stopped after claiming, before appending, leaves behind. */
    async function crashedAfterClaim(key: string, streamId: string, expectedRevision: bigint, commandId: string | null): Promise<string> {
      const firstEventId = uuidv7();
      const claim = encodeUniqueKeyClaim({ key, streamId, commandId, firstEventId, expectedRevision });
      await raw.appendToStream(uniqueKeyStreamName(key), [jsonEvent({ type: bookkeepingEventTypes.uniqueKeyClaimed, data: claim })], { expectedRevision: 'no_stream' });
      return firstEventId;
    }

    it('a claim whose append may still land reads as taken; once its revision is passed without it, the next claimant takes the key', async () => {
      await store.appendToStream('account-crashed', [newEvent()], { expectedRevision: 'no_stream' });
      const holderEventId = await crashedAfterClaim('KBNN-crash-1', 'account-crashed', 0n, 'command-that-crashed');

      const refused = await rejectionOf(store.appendToStream('account-other', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-crash-1'] }));
      expect(refused).toBeInstanceOf(UniqueKeyTakenError);
      expect((refused as UniqueKeyTakenError).holder).toEqual({ streamId: 'account-crashed', commandId: 'command-that-crashed', eventId: holderEventId });

      // Something else is appended where the crashed append would have gone.
      await store.appendToStream('account-crashed', [newEvent()], { expectedRevision: 0n });
      const taken = await store.appendToStream('account-other', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-crash-1'] });
      expect(taken.nextRevision).toBe(0n);
    });

    it('a retry of the command that crashed after claiming finds the claim its own and appends', async () => {
      await store.appendToStream('account-retried', [newEvent()], { expectedRevision: 'no_stream' });
      const command = newCommand();
      await crashedAfterClaim('KBNN-crash-2', 'account-retried', 0n, command.commandId);
      const retry = newEvent();
      const result = await store.appendToStream('account-retried', [retry], { expectedRevision: 0n, command, uniqueKeys: ['KBNN-crash-2'] });
      expect(result).toMatchObject({ eventIds: [retry.id], duplicate: false });
      await expect(store.appendToStream('account-else', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-crash-2'] })).rejects.toBeInstanceOf(UniqueKeyTakenError);
    });

    it('a key’s append that was killed before writing is completed by the retry, and the key stays taken', async () => {
      const command = newCommand();
      double.injectAppendFault('crash-before-write', { stream: 'account-killed' });
      setTimeout(() => void double.restart(), 150);
      const events = [newEvent()];
      await store.appendToStream('account-killed', events, { expectedRevision: 'no_stream', command, uniqueKeys: ['KBNN-killed'] });
      expect((await store.readStream('account-killed')).map((event) => event.id)).toEqual(ids(events));
      const error = await rejectionOf(store.appendToStream('account-next', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-killed'] }));
      expect((error as UniqueKeyTakenError).holder).toEqual({ streamId: 'account-killed', commandId: command.commandId, eventId: events[0].id });
    });
  });
});

async function collect(read: AsyncIterable<{ readonly event?: { readonly metadata: unknown } }>): Promise<Array<{ readonly metadata: unknown }>> {
  const found: Array<{ readonly metadata: unknown }> = [];
  for await (const resolved of read) if (resolved.event !== undefined) found.push(resolved.event);
  return found;
}
