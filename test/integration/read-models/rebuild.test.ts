import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { localityRollup, ProjectionRebuilder, ProjectionRunner, RebuildAlreadyRunningError, type RebuildJobView } from '@ledger/read-models';
import { openEmbeddedReadSide, type EmbeddedReadSide } from '@ledger/read-models-sqlite';
import { dumpOfFreshProjection, dumpReadStore } from '../../read-models/support/read-store-dump';
import { appendLateDisbursements, writeSyntheticHistory } from '../../read-models/support/synthetic-history';

jest.setTimeout(60_000);

describe('rebuilding projections while the live runner and queries go on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
  const eventStoreFile = join(dir, 'events.sqlite');
  let eventStore: SqliteEventStore;
  let readSide: EmbeddedReadSide;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    eventStore = await SqliteEventStore.open({ filePath: eventStoreFile, synchronous: 'NORMAL' });
    await writeSyntheticHistory(eventStore, { provinces: 2, districtsPerProvince: 2, communesPerDistrict: 3, tranches: 4 });
    readSide = await openEmbeddedReadSide({ readStoreFile: join(dir, 'read.sqlite'), eventStoreFile });
    runner = new ProjectionRunner(readSide.store, readSide.source, eventStore, { batchEventCountMax: 100 });
    await runner.start();
    expect(await runner.waitFor(await eventStore.headPosition(), 30_000)).toBe(true);
  });
  afterAll(async () => {
    await runner.stop();
    await readSide.store.close();
    await readSide.source.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const disburse = (count: number): Promise<void> => appendLateDisbursements(eventStore, count);
  const freshDump = (): Promise<Record<string, string[]>> => dumpOfFreshProjection(eventStore, { dir, eventStoreFile, batchEventCountMax: 1_000 });

  it('builds beside the live tables, catches up with events written meanwhile, switches in, and the runner carries on', async () => {
    const answered: bigint[] = [];
    let batches = 0;
    const rebuilder = new ProjectionRebuilder(readSide.store, readSide.source, {
      runner,
      batchEventCountMax: 150,
      onBatch: async () => {
        batches += 1;
        // New events keep arriving during the rebuild, and queries keep being answered from the live tables.
        if (batches % 3 === 0) await disburse(25);
        answered.push((await localityRollup(readSide.store.reader, '01', {})).position);
      },
    });
    const started = await rebuilder.start(['balances', 'audit-trail', 'transfers', 'registry']);
    expect(started).toMatchObject({ status: 'running', phase: 'preparing' });
    await expect(rebuilder.start(['balances'])).rejects.toBeInstanceOf(RebuildAlreadyRunningError);
    const finished = (await rebuilder.current) as RebuildJobView;
    expect(finished).toMatchObject({ status: 'completed', phase: 'done', error: null });
    expect(answered.length).toBe(batches);
    expect(answered.every((position, index) => index === 0 || position >= answered[index - 1])).toBe(true);

    await disburse(40);
    expect(await runner.waitFor(await eventStore.headPosition(), 30_000)).toBe(true);
    expect(await dumpReadStore(readSide.store)).toEqual(await freshDump());
    expect((await readSide.store.reader.introspection.getTables()).map((table) => table.name).filter((name) => name.includes('__'))).toEqual([]);
  });

  it('rebuilds a single projection and leaves the others alone', async () => {
    const rebuilder = new ProjectionRebuilder(readSide.store, readSide.source, { runner, batchEventCountMax: 500 });
    const job = await rebuilder.run(['transfers']);
    expect(job).toMatchObject({ status: 'completed', projections: ['transfers'], progressPercent: 100 });
    const generations = await readSide.store.reader.selectFrom('projection_generations').selectAll().orderBy('projection_name').execute();
    const transfers = generations.find((row) => row.projection_name === 'transfers');
    const balances = generations.find((row) => row.projection_name === 'balances');
    expect(BigInt(transfers?.generation as bigint)).toBeGreaterThan(BigInt(balances?.generation as bigint));
    await disburse(5);
    expect(await runner.waitFor(await eventStore.headPosition(), 30_000)).toBe(true);
    expect(await dumpReadStore(readSide.store)).toEqual(await freshDump());
  });

  it('lets a second runner on the same store apply nothing twice: the checkpoint compare-and-set turns it away', async () => {
    const second = new ProjectionRunner(readSide.store, readSide.source, eventStore, { batchEventCountMax: 7 });
    await second.start();
    try {
      for (let round = 0; round < 5; round += 1) await disburse(11);
      const head = await eventStore.headPosition();
      expect(await runner.waitFor(head, 30_000)).toBe(true);
      expect(await second.waitFor(head, 30_000)).toBe(true);
      expect(await dumpReadStore(readSide.store)).toEqual(await freshDump());
    } finally {
      await second.stop();
    }
  });
});
