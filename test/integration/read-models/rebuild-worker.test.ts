import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { loadLedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { localityRollup, projectionNames, ReadSide, RebuildAlreadyRunningError, ThreadedRebuilder, type RebuildJobView } from '@ledger/read-models';
import { openEmbeddedReadSide } from '@ledger/read-models-sqlite';
import { openLedgerStores, type LedgerStores } from '@ledger/wiring';
import { dumpOfFreshProjection, dumpReadStore } from '../../read-models/support/read-store-dump';
import { appendLateDisbursements, writeSyntheticHistory } from '../../read-models/support/synthetic-history';

/*
 * A loop of rebuild requests slowed commands down, because each rebuild read, folded and wrote its
 * batches on the thread that answers requests. A rebuild requested through the read side now runs
 * on a worker thread with its own connections, one at a time, and the switch-in and the live
 * runner's reload work as before.
 */

jest.setTimeout(120_000);

describe('a rebuild through the read side runs on a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-worker-'));
  let stores: LedgerStores;
  let eventStore: EventStore;
  let readSide: ReadSide;

  beforeAll(async () => {
    stores = await openLedgerStores(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL', LEDGER_PROJECTION_BATCH_EVENTS: '150' }), { readModels: true });
    eventStore = stores.eventStore;
    await writeSyntheticHistory(eventStore, { provinces: 2, districtsPerProvince: 2, communesPerDistrict: 3, tranches: 4 });
    readSide = new ReadSide(stores.readModels!, eventStore);
    await readSide.start();
    await readSide.awaitPosition(await eventStore.headPosition(), projectionNames);
  });
  afterAll(async () => {
    await readSide.stop();
    await stores.checkpointStore.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const disburse = (count: number): Promise<void> => appendLateDisbursements(eventStore, count);
  /** The read models of a fresh store projected incrementally, batch by batch, by a live runner. */
  const incrementalDump = (): Promise<Record<string, string[]>> => dumpOfFreshProjection(eventStore, { dir, eventStoreFile: join(dir, 'events.sqlite'), batchEventCountMax: 97 });

  it('completes on another thread while the live runner and queries go on, refuses a second at once, and equals incremental projection', async () => {
    expect(readSide.rebuilder).toBeInstanceOf(ThreadedRebuilder);
    const [started, second] = await Promise.allSettled([readSide.rebuilder.start(projectionNames), readSide.rebuilder.start(['balances'])]);
    expect(started).toMatchObject({ status: 'fulfilled', value: { status: 'running', projections: [...projectionNames] } });
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(RebuildAlreadyRunningError) });
    const job = (started as PromiseFulfilledResult<RebuildJobView>).value;
    expect((second as PromiseRejectedResult).reason).toMatchObject({ jobId: job.jobId });

    // Events keep arriving and queries keep being answered while it runs.
    for (let round = 0; round < 3 && readSide.rebuilder.current; round += 1) {
      await disburse(20);
      await localityRollup(readSide.reader, '01', {});
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const finished = await readSide.rebuilder.current;
    expect(finished ?? (await readSide.rebuilder.job(job.jobId))).toMatchObject({ jobId: job.jobId, status: 'completed', phase: 'done', error: null });
    // The worker reported its progress, and its thread is not this one.
    expect(readSide.rebuilder.progress).toMatchObject({ jobId: job.jobId, threadId: expect.any(Number) });
    expect(readSide.rebuilder.progress?.threadId).not.toBe(threadId);
    expect(readSide.rebuilder.progress?.eventsProcessed).toBeGreaterThan(0n);

    // The live runner reloaded the switched checkpoints and carries on from there.
    await disburse(15);
    await readSide.awaitPosition(await eventStore.headPosition(), projectionNames);
    expect(await dumpReadStore(stores.readModels!.store)).toEqual(await incrementalDump());
    expect((await stores.readModels!.store.reader.introspection.getTables()).map((table) => table.name).filter((name) => name.includes('__'))).toEqual([]);
    const generations = await stores.readModels!.store.reader.selectFrom('projection_generations').select(['projection_name', 'generation']).execute();
    expect(generations.every((row) => Number(row.generation) >= 1)).toBe(true);
  });

  it('accepts the next rebuild once the first is over, and a job can be followed by its id', async () => {
    const job = await readSide.rebuilder.start(['transfers']);
    await readSide.rebuilder.current;
    expect(await readSide.rebuilder.job(job.jobId)).toMatchObject({ status: 'completed', projections: ['transfers'], progressPercent: 100 });
    expect((await readSide.rebuilder.recentJobs()).map((recent) => recent.jobId)).toContain(job.jobId);
  });

  it('stops a rebuild on its thread when the read side stops: the live tables stay, the job says why', async () => {
    // Another read side on the same files, with connections of its own (stopping it closes them).
    const own = await openEmbeddedReadSide({ readStoreFile: join(dir, 'read.sqlite'), eventStoreFile: join(dir, 'events.sqlite') });
    const other = new ReadSide({ ...stores.readModels!, ...own, runnerEnabled: false, batchEventCountMax: 7 }, eventStore);
    const job = await other.rebuilder.start(projectionNames);
    await other.stop();
    expect(await readSide.rebuilder.job(job.jobId)).toMatchObject({ status: 'failed', error: 'REBUILD_STOPPED' });
    expect((await stores.readModels!.store.reader.introspection.getTables()).map((table) => table.name).filter((name) => name.includes('__'))).toEqual([]);
    await disburse(3);
    await readSide.awaitPosition(await eventStore.headPosition(), projectionNames);
  });
});
