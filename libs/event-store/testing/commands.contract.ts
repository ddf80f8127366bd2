/**
 * Command records: an append that names a command is idempotent by command id within its
 * stream, a reused id with other content is refused, a refused append records nothing, and
 * `findCommand` reports the figures of the first append, with or without the stream as a hint.
 */
import { v7 as uuidv7 } from 'uuid';
import { CommandIdConflictError, WrongExpectedRevisionError } from '../src';
import { contenderCount, ids, idsOfStream, newCommand, newEvent, newEvents, newStreamId, rejectionOf } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeCommandContract(context: ContractTestContext): void {
  describe('idempotent commands', () => {
    context.test('a retry with the same command id and hash is a duplicate carrying the original figures', async (store) => {
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
      expect(await idsOfStream(store, streamId)).toEqual(ids(events));

      const record = {
        commandId: command.commandId,
        requestHash: command.requestHash,
        streamId,
        eventIds: ids(events),
        firstRevision: 0n,
        nextRevision: 1n,
        firstPosition: first.firstPosition,
        position: first.position,
        uniqueKeys: [],
      };
      expect(await store.findCommand(command.commandId, { streamId })).toEqual(record);
      expect(await store.findCommand(command.commandId)).toEqual(record);
    });

    context.test('records the revisions of a command appended to an existing stream', async (store) => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, newEvents(3, 'Noted'), { expectedRevision: 'no_stream' });
      const command = newCommand();
      const result = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 2n, command });
      const found = await store.findCommand(command.commandId, { streamId });
      expect(found?.firstRevision).toBe(3n);
      expect(found?.nextRevision).toBe(4n);
      expect(found?.firstPosition).toBe(result.firstPosition);
      expect(found?.position).toBe(result.position);
    });

    context.test('the same command id with another hash is refused and appends nothing', async (store) => {
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
      expect(await idsOfStream(store, streamId)).toEqual(ids(events));
      expect((await store.findCommand(command.commandId, { streamId }))?.requestHash).toBe(command.requestHash);
    });

    context.test('a refused append records no command, so a corrected retry is appended', async (store) => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream' });
      const command = newCommand();

      const error = await rejectionOf(
        store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream', command }),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.findCommand(command.commandId, { streamId })).toBeUndefined();

      const retry = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 0n, command });
      expect(retry.duplicate).toBe(false);
      expect(retry.nextRevision).toBe(1n);
    });

    context.test('concurrent retries of one command append it once and all report its figures', async (store) => {
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
      expect(await idsOfStream(store, streamId)).toEqual(originals[0].eventIds);
    });

    context.test('a retry that finds the stream moved on by other writers is still a duplicate', async (store) => {
      const streamId = newStreamId();
      const command = newCommand();
      const first = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream', command });
      await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 0n });

      // The retry was decided on the stream as it is now, at its current revision.
      const retry = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 2n, command });
      expect(retry).toEqual({ ...first, duplicate: true });
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    context.test('findCommand with a stream finds only a command appended to that stream', async (store) => {
      const streamId = newStreamId();
      const command = newCommand();
      await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream', command });
      expect((await store.findCommand(command.commandId, { streamId }))?.streamId).toBe(streamId);
      expect(await store.findCommand(command.commandId, { streamId: newStreamId() })).toBeUndefined();
    });

    context.test('findCommand of an unknown command id is undefined, with or without a stream', async (store) => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 'no_stream', command: newCommand() });
      expect(await store.findCommand(uuidv7(), { streamId })).toBeUndefined();
      expect(await store.findCommand(uuidv7(), { streamId: newStreamId() })).toBeUndefined();
      expect(await store.findCommand(uuidv7())).toBeUndefined();
    });

    context.test('findCommand refuses an empty command id or stream hint with RangeError', async (store) => {
      expect(await rejectionOf(store.findCommand(''))).toBeInstanceOf(RangeError);
      expect(await rejectionOf(store.findCommand(uuidv7(), { streamId: '' }))).toBeInstanceOf(RangeError);
    });
  });
}
