/**
 * Command records: an append that names a command is idempotent by command id, a reused id with
 * other content is refused, a refused append records nothing, and `findCommand` reports the
 * figures of the first append.
 */
import { v7 as uuidv7 } from 'uuid';
import { CommandIdConflictError, WrongExpectedRevisionError } from '../src';
import type { EventStore } from '../src';
import {
  contenderCount,
  contractTestTimeoutMs,
  ids,
  idsOfStream,
  newCommand,
  newEvent,
  newEvents,
  newStreamId,
  rejectionOf,
} from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeCommandContract(context: ContractTestContext): void {
  describe('idempotent commands', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });

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
        expect(await idsOfStream(store, streamId)).toEqual(ids(events));

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
        expect(await idsOfStream(store, streamId)).toEqual(ids(events));
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
        expect(await idsOfStream(store, streamId)).toEqual(originals[0].eventIds);
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
}
