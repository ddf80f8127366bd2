/** The head: the position of the last event in the store. */
import { expectHeadAtOrAfter, newEvent, newEvents, newStreamId } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeHeadPositionContract(context: ContractTestContext): void {
  describe('headPosition', () => {
    context.test('is the position of the last event appended', async (store) => {
      const streamId = newStreamId();
      const first = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' });
      await expectHeadAtOrAfter(store, first.position);
      const second = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 1n });
      await expectHeadAtOrAfter(store, second.position);
    });
  });
}
