import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { ProjectionRebuilder, ProjectionRunner, projectionNames } from '@ledger/read-models';
import { openEmbeddedReadSide, type EmbeddedReadSide } from '@ledger/read-models-sqlite';
import { dumpReadStore } from '../../read-models/support/read-store-dump';
import { writeSyntheticHistory } from '../../read-models/support/synthetic-history';

/*
 * A process projecting a store is killed with SIGKILL inside a batch's transaction, and another
 * while rebuilding. After a restart the read models must equal those built from zero in a fresh
 * store: no event applied twice, none skipped, and a dead rebuild leaves the live tables intact.
 */

jest.setTimeout(120_000);
const repositoryRoot = join(__dirname, '..', '..', '..');

function runChildUntilKilled(args: readonly string[]): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'projection-crash-child.ts'), ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, TS_NODE_PROJECT: join(repositoryRoot, 'tsconfig.json') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 90_000);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ signal, stdout, stderr });
    });
  });
}

async function catchUp(readSide: EmbeddedReadSide, eventStore: SqliteEventStore): Promise<void> {
  const runner = new ProjectionRunner(readSide.store, readSide.source, eventStore, { batchEventCountMax: 500 });
  await runner.start();
  expect(await runner.waitFor(await eventStore.headPosition(), 60_000)).toBe(true);
  await runner.stop();
}

describe('projection crash recovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-projection-crash-'));
  const eventStoreFile = join(dir, 'events.sqlite');
  const readStoreFile = join(dir, 'read.sqlite');
  let eventStore: SqliteEventStore;
  let fresh: Record<string, string[]>;

  beforeAll(async () => {
    eventStore = await SqliteEventStore.open({ filePath: eventStoreFile, synchronous: 'NORMAL' });
    const summary = await writeSyntheticHistory(eventStore, { provinces: 2, districtsPerProvince: 3, communesPerDistrict: 4, tranches: 5 });
    expect(summary.events).toBeGreaterThan(1_000);
    const reference = await openEmbeddedReadSide({ readStoreFile: join(dir, 'fresh.sqlite'), eventStoreFile });
    try {
      await catchUp(reference, eventStore);
      fresh = await dumpReadStore(reference.store);
    } finally {
      await reference.store.close();
      await reference.source.close();
    }
    expect(fresh.audit_events).toHaveLength(summary.events);
  });
  afterAll(async () => {
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a kill inside a batch, the restarted runner ends with exactly the fresh read models', async () => {
    const killed = await runChildUntilKilled([eventStoreFile, readStoreFile, 'live', '7']);
    expect(killed.stdout).toContain('dying inside a batch');
    expect(killed.signal).toBe('SIGKILL');

    const readSide = await openEmbeddedReadSide({ readStoreFile, eventStoreFile });
    try {
      // Six batches of 97 events were committed; the seventh was rolled back with its checkpoint.
      const checkpoint = await readSide.store.reader.selectFrom('projection_checkpoints').select(['projection_name', 'position']).execute();
      expect(checkpoint.map((row) => [row.projection_name, BigInt(row.position as bigint)])).toEqual(projectionNames.map((name) => [name, 6n * 97n - 1n]));
      expect(await readSide.store.reader.selectFrom('audit_events').select(({ fn }) => fn.countAll().as('rows')).executeTakeFirstOrThrow()).toEqual({ rows: 6n * 97n });
      await catchUp(readSide, eventStore);
      expect(await dumpReadStore(readSide.store)).toEqual(fresh);
    } finally {
      await readSide.store.close();
      await readSide.source.close();
    }
  });

  it('after a kill during a rebuild, the live tables are intact, the leftovers go, and a new rebuild gives the fresh read models', async () => {
    const killed = await runChildUntilKilled([eventStoreFile, readStoreFile, 'rebuild', '5']);
    expect(killed.stdout).toContain('dying during a rebuild');
    expect(killed.signal).toBe('SIGKILL');

    const readSide = await openEmbeddedReadSide({ readStoreFile, eventStoreFile });
    try {
      const tables = (await readSide.store.reader.introspection.getTables()).map((table) => table.name);
      expect(tables).toContain('audit_events__rebuild');
      expect(await dumpReadStore(readSide.store)).toEqual(fresh);

      // The dead job holds its lease until it runs out; a rebuilder that sees it expired cleans up.
      const rebuilder = new ProjectionRebuilder(readSide.store, readSide.source, { leaseMs: 0, batchEventCountMax: 300 });
      await rebuilder.cleanUpAbandoned();
      expect((await readSide.store.reader.introspection.getTables()).map((table) => table.name).filter((name) => name.includes('__'))).toEqual([]);
      expect((await rebuilder.recentJobs())[0]).toMatchObject({ status: 'abandoned' });

      const job = await rebuilder.run(projectionNames);
      expect(job).toMatchObject({ status: 'completed', phase: 'done' });
      expect(await dumpReadStore(readSide.store)).toEqual(fresh);
    } finally {
      await readSide.store.close();
      await readSide.source.close();
    }
  });
});
