/** The head: the position of the last event in the store. */
import type { EventStore } from '../src';
import { contractTestTimeoutMs, expectHeadAtOrAfter, newEvent, newEvents, newStreamId } from './contract-support';
import type { ContractTestContext } from './contract-support';

export function describeHeadPositionContract(context: ContractTestContext): void {
  describe('headPosition', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });

    it(
      'is the position of the last event appended',
      async () => {
        const streamId = newStreamId();
        const first = await store.appendToStream(streamId, newEvents(2, 'Noted'), { expectedRevision: 'no_stream' });
        await expectHeadAtOrAfter(store, first.position);
        const second = await store.appendToStream(streamId, [newEvent('Noted')], { expectedRevision: 1n });
        await expectHeadAtOrAfter(store, second.position);
      },
      contractTestTimeoutMs,
    );
  });
}
