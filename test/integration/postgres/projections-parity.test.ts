import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import {
  allProjections,
  applyBatch,
  inSnapshot,
  projectionNamed,
  type ReadDatabase,
  EventDecoder,
  prepareReadStore,
  progressReport,
  ProjectionRebuilder,
  projectionNames,
  StatementCache,
  type BatchTarget,
  type ProjectionEvent,
  type ReadStore,
} from '@ledger/read-models';
import { PostgresReadStore } from '@ledger/read-models-postgres';
import { openSqliteReadStore, SqliteEventFileSource } from '@ledger/read-models-sqlite';
import { EventLog, ledgerStory, nation, registryEvents } from '@ledger/read-models/testing';
import { dumpReadStore } from '../../read-models/support/read-store-dump';
import { writeSyntheticHistory } from '../../read-models/support/synthetic-history';
import { describeWithPostgres } from '../../support/postgres';
import { ArrayEventSource } from '../read-models/support/array-event-source';
import { answersOf, questionsFrom } from './support/read-model-answers';

jest.setTimeout(120_000);

/** Positions start past 2^53, where a JS number could no longer tell two of them apart. */
const positionOffset = 2n ** 53n + 1n;

/** The shared ledger story (every kind of event: returns, reallocations, reversals, money in transit), with huge amounts and positions. */
function storyWithLargeNumbers(): ProjectionEvent[] {
  const log = new EventLog();
  registryEvents(log);
  log.append('registry-localities', { type: 'LocalitySucceeded', data: { predecessorId: '103', successorId: '096', kind: 'whole', note: 'merged' } });
  ledgerStory(log);
  // Budgets of 2^62 đồng: sums over the subtree pass 2^63 only if something doubles them by mistake.
  log.account(nation, { type: 'BudgetAssigned', data: { amountVnd: 2n ** 62n } }, { decisionRef: '1603/QĐ-TTg' });
  log.account(nation, { type: 'FundsAllocated', data: { transferId: 't-large', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 2n ** 61n + 3n } });
  log.account('DTTS.2024.11.DTPT.NSTW._', { type: 'FundsReceived', data: { transferId: 't-large', fromAccountId: nation, amountVnd: 2n ** 61n + 3n, transferKind: 'allocation' } });
  return log.events.map((event) => ({ ...event, position: event.position + positionOffset }));
}

/** Applies events to a store's live tables in batches of the given sizes, as the runner does. */
async function applyIncrementally(store: ReadStore, events: readonly ProjectionEvent[], batchSizes: readonly number[]): Promise<void> {
  await prepareReadStore(store, allProjections, new Date(Date.UTC(2024, 0, 1)));
  const targets: BatchTarget[] = allProjections.map((projection) => ({ projection, checkpointName: projection.name, physicalName: (table) => table, position: -1n }));
  const statements = new StatementCache();
  const decoder = new EventDecoder();
  for (let start = 0, batch = 0; start < events.length; batch += 1) {
    const size = batchSizes[batch % batchSizes.length];
    await applyBatch(store.writer, statements, decoder, targets, events.slice(start, start + size), '2024-01-01T00:00:00.000Z');
    start += size;
  }
}

async function expectSameReadModels(actual: ReadStore, expected: ReadStore): Promise<void> {
  expect(await dumpReadStore(actual)).toEqual(await dumpReadStore(expected));
  const questions = await questionsFrom(expected);
  expect(questions.accountIds.length).toBeGreaterThan(0);
  const answers = await answersOf(expected, questions);
  // The progress reports compared are not empty: their slices and carried-over money are read on both engines.
  expect((answers['progress province by month'] as Awaited<ReturnType<typeof progressReport>>).value.rows.length).toBeGreaterThan(0);
  expect(await answersOf(actual, questions)).toEqual(answers);
}

describeWithPostgres('read models on PostgreSQL equal those on SQLite', (server) => {
  const stores: ReadStore[] = [];
  let dir: string;
  let source: SqliteEventFileSource;

  async function openBoth(name: string): Promise<{ sqlite: ReadStore; postgres: ReadStore }> {
    const sqlite = await openSqliteReadStore({ filePath: join(dir, `${name}.sqlite`) });
    stores.push(sqlite);
    const postgres = await PostgresReadStore.open({ connectionString: await server().createDatabase() });
    stores.push(postgres);
    return { sqlite, postgres };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-pg-parity-'));
    const eventStoreFile = join(dir, 'events.sqlite');
    const eventStore = await SqliteEventStore.open({ filePath: eventStoreFile, synchronous: 'NORMAL' });
    try {
      await writeSyntheticHistory(eventStore, { provinces: 2, districtsPerProvince: 2, communesPerDistrict: 3, tranches: 4 });
    } finally {
      await eventStore.close();
    }
    source = new SqliteEventFileSource(eventStoreFile);
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    await source?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilt from the same synthetic history: every row and every query answer', async () => {
    const { sqlite, postgres } = await openBoth('synthetic');
    for (const store of [sqlite, postgres]) {
      const job = await new ProjectionRebuilder(store, source, { batchEventCountMax: 400 }).run(projectionNames);
      expect(job).toMatchObject({ status: 'completed', position: await source.headPosition() });
    }
    await expectSameReadModels(postgres, sqlite);
  });

  it('applied in batches of uneven sizes from a story with every kind of event, positions and amounts above 2^53', async () => {
    const events = storyWithLargeNumbers();
    const { sqlite, postgres } = await openBoth('story');
    await applyIncrementally(sqlite, events, [1]);
    await applyIncrementally(postgres, events, [3, 1, 7, 2]);
    await expectSameReadModels(postgres, sqlite);
    const [checkpoint] = await postgres.reader.selectFrom('projection_checkpoints').select('position').where('projection_name', '=', 'audit-trail').execute();
    expect(checkpoint.position).toBe(events[events.length - 1].position);
  });

  it('a query whose snapshot began before a rebuild switched in answers wholly from the old tables', async () => {
    const events = storyWithLargeNumbers();
    const { postgres } = await openBoth('switch');
    await applyIncrementally(postgres, events.slice(0, 10), [10]);
    const table = projectionNamed('audit-trail').tables[0].name;
    const countRows = async (db: Kysely<ReadDatabase> | Transaction<ReadDatabase>): Promise<bigint> =>
      BigInt((await sql<{ rows: string }>`select count(*) as rows from ${sql.table(table)}`.execute(db)).rows[0].rows);
    const rowsBefore = await countRows(postgres.reader);
    let rebuild: Promise<unknown> | undefined;
    const answer = await inSnapshot(postgres.reader, ['audit-trail'], async (trx) => {
      rebuild = new ProjectionRebuilder(postgres, new ArrayEventSource(events), { batchEventCountMax: 6 }).run(['audit-trail']);
      // The switch's rename must wait for this query's lock; see that it does before reading.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const waiting = await sql<{ waiting: string }>`select count(*) as waiting from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(postgres.writer);
        if (Number(waiting.rows[0].waiting) > 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return countRows(trx);
    });
    expect(answer).toEqual({ value: rowsBefore, position: events[9].position });
    expect(await rebuild).toMatchObject({ status: 'completed' });
    const after = await inSnapshot(postgres.reader, ['audit-trail'], (trx) => countRows(trx));
    expect(after.position).toBe(events[events.length - 1].position);
    expect(after.value).toBeGreaterThan(rowsBefore);
  });

  it('rebuilt twice on PostgreSQL beside the live tables (new constraint and index names each time), still equal', async () => {
    const events = storyWithLargeNumbers();
    const { sqlite, postgres } = await openBoth('rebuilt');
    await applyIncrementally(sqlite, events, [5]);
    await applyIncrementally(postgres, events.slice(0, 10), [4]);
    const rebuilder = new ProjectionRebuilder(postgres, new ArrayEventSource(events), { batchEventCountMax: 6 });
    expect(await rebuilder.run(projectionNames)).toMatchObject({ status: 'completed' });
    expect(await rebuilder.run(['balances', 'transfers'])).toMatchObject({ status: 'completed' });
    await expectSameReadModels(postgres, sqlite);
    const leftovers = (await postgres.reader.introspection.getTables()).map((table) => table.name).filter((name) => name.includes('__'));
    expect(leftovers).toEqual([]);
  });
});
