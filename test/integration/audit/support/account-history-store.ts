import { accountHistoryProjectionEvery, applyBatch, EventDecoder, prepareReadStore, StatementCache, type BatchTarget, type ProjectionEvent, type ReadStore } from '@ledger/read-models';

/**
 * Folds events into a read store's account history (snapshots every `snapshotEveryEvents` events of
 * a stream), in batches of the given sizes, as the runner would cut them.
 */
export async function foldAccountHistory(store: ReadStore, events: readonly ProjectionEvent[], snapshotEveryEvents: number, batchSizes: readonly number[] = [500]): Promise<void> {
  const projection = accountHistoryProjectionEvery(snapshotEveryEvents);
  const now = new Date(Date.UTC(2024, 0, 1));
  await prepareReadStore(store, [projection], now);
  const target: BatchTarget = { projection, checkpointName: projection.name, physicalName: (table) => table, position: -1n };
  const statements = new StatementCache();
  const decoder = new EventDecoder();
  for (let start = 0, cut = 0; start < events.length; cut += 1) {
    const size = Math.max(1, batchSizes[cut % batchSizes.length]);
    await applyBatch(store.writer, statements, decoder, [target], events.slice(start, start + size), now.toISOString());
    start += size;
  }
}
