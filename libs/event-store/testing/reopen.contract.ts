/** A store reopened on the same data, as after a restart, has lost nothing and goes on from where it was. */
import { expectHeadAtOrAfter, newCommand, newEvent, newEvents, newStreamPrefix } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeReopenContract(context: ContractTestContext): void {
  describe('reopen', () => {
    context.test('keeps every event, the head and the command records', async (store) => {
      const reopen = context.harness.reopen;
      // Adapters without a reopen (nothing local to reopen) have nothing to check here.
      if (reopen === undefined) return;
      const prefix = newStreamPrefix();
      const command = newCommand();
      await store.appendToStream(`${prefix}a`, newEvents(3, 'Noted'), { expectedRevision: 'no_stream', command });
      const last = await store.appendToStream(`${prefix}b`, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' });
      const streamsBefore = [await store.readStream(`${prefix}a`), await store.readStream(`${prefix}b`)];
      const commandBefore = await store.findCommand(command.commandId, { streamId: `${prefix}a` });
      const headBefore = await store.headPosition();

      store = await reopen();

      expect([await store.readStream(`${prefix}a`), await store.readStream(`${prefix}b`)]).toEqual(streamsBefore);
      expect(await store.findCommand(command.commandId, { streamId: `${prefix}a` })).toEqual(commandBefore);
      expect(commandBefore?.eventIds).toHaveLength(3);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(headBefore);
      await expectHeadAtOrAfter(store, last.position);

      const retry = await store.appendToStream(`${prefix}a`, newEvents(3, 'Noted'), { expectedRevision: 'no_stream', command });
      expect(retry.duplicate).toBe(true);
      const next = await store.appendToStream(`${prefix}a`, [newEvent('Noted')], { expectedRevision: 2n });
      expect(next.nextRevision).toBe(3n);
      expect(next.position).toBeGreaterThan(headBefore);
    });
  });
}
