import { ProjectionRebuilder, type ProjectionName, type RebuildJobView } from '@ledger/read-models';
import type { LedgerConfig } from '@ledger/config';
import { describeStores, openLedgerStores } from '@ledger/wiring';
import { openStore } from '../store-opening';

/** Progress lines are printed at most this often. */
const progressIntervalMs = 2_000;

/**
 * Rebuilds read models from position zero into new tables of the read store and switches them
 * in. It can run while the API serves queries from the same files: the API keeps answering from
 * the old tables until the switch, then reloads its checkpoints.
 */
export async function rebuildProjections(config: LedgerConfig, projections: readonly ProjectionName[], print: (line: string) => void): Promise<RebuildJobView> {
  const stores = await openStore(`the stores (${describeStores(config)})`, () => openLedgerStores(config, { readModels: true }));
  const readSide = stores.readModels;
  if (readSide === undefined) throw new Error('the read store was not opened');
  const started = Date.now();
  let lastPrinted = started;
  let events = 0n;
  try {
    const head = await readSide.source.headPosition();
    print(`rebuilding ${projections.join(', ')} (${describeStores(config)}; ${(head + 1n).toString()} events)`);
    const rebuilder = new ProjectionRebuilder(readSide.store, readSide.source, {
      batchEventCountMax: config.projectionBatchEvents,
      logger: { log: () => undefined, error: (message) => print(message) },
      onBatch: ({ position, eventsProcessed }) => {
        events += eventsProcessed;
        const now = Date.now();
        if (now - lastPrinted < progressIntervalMs) return;
        lastPrinted = now;
        const percent = head < 0n ? 100 : Number(((position + 1n) * 1000n) / (head + 1n)) / 10;
        print(`  position ${position.toString()} of ${head.toString()} (${percent.toFixed(1)}%), ${Math.round(Number(events) / ((now - started) / 1000))} events/s`);
      },
    });
    const job = await rebuilder.run(projections);
    const seconds = (Date.now() - started) / 1000;
    print(`done: ${job.eventsProcessed.toString()} events in ${seconds.toFixed(1)} s (${Math.round(Number(job.eventsProcessed) / Math.max(seconds, 0.001))} events/s), read models at position ${job.position.toString()}`);
    return job;
  } finally {
    await readSide.store.close();
    await readSide.source.close();
    await stores.checkpointStore.close();
    await stores.eventStore.close();
  }
}
