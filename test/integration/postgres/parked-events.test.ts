import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { loadLedgerConfig } from '@ledger/config';
import type { EventStore, JsonObject } from '@ledger/event-store';
import { LedgerMetrics, ReadSideReadiness } from '@ledger/operations';
import { findBalance, ProjectionRunner, projectionNames, ReadSide, RebuildAlreadyRunningError, type ReadStore, type RebuildJobView } from '@ledger/read-models';
import { PostgresReadStore } from '@ledger/read-models-postgres';
import { SqliteEventFileSource } from '@ledger/read-models-sqlite';
import { openLedgerStores, type LedgerStores } from '@ledger/wiring';
import { dumpReadStore } from '../../read-models/support/read-store-dump';
import { writeSyntheticHistory } from '../../read-models/support/synthetic-history';
import { describeWithPostgres } from '../../support/postgres';

/*
 * PostgreSQL refuses a NUL byte (U+0000) in text. An event holding one — stored before the HTTP
 * edge refused such input, imported, or written by other means — used to stop the projections on
 * PostgreSQL for good. Now the projections whose rows hold the text park the event, the others
 * apply it, and a rebuild on its worker thread tries it again.
 */

jest.setTimeout(180_000);

const commune = 'account-DTTS.2024.10000.DTPT.NSTW.DA1';
const communeAccount = 'DTTS.2024.10000.DTPT.NSTW.DA1';

function metadata(): JsonObject {
  return { commandId: randomUUID(), actor: { id: 'importer', role: 'operator', jurisdiction: null }, decisionRef: null, effectiveDate: '2024-07-01', schemaVersion: 1 };
}

describeWithPostgres('events with a NUL byte on a PostgreSQL read store', (server) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-parked-'));
  const eventStoreFile = join(dir, 'events.sqlite');
  let readStoreUrl: string;
  let stores: LedgerStores;
  let eventStore: EventStore;
  let readSide: ReadSide;
  const nulVoucher = randomUUID();
  const nulType = randomUUID();
  const positions = new Map<string, bigint>();
  let disbursedBeforeVnd: bigint;

  beforeAll(async () => {
    readStoreUrl = await server().createDatabase();
    stores = await openLedgerStores(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_READ_STORE_URL: readStoreUrl, LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL', LEDGER_PROJECTION_BATCH_EVENTS: '50' }), { readModels: true });
    eventStore = stores.eventStore;
    await writeSyntheticHistory(eventStore, { provinces: 1, districtsPerProvince: 2, communesPerDistrict: 2, tranches: 2 });
    const append = async (id: string, type: string, data: JsonObject): Promise<void> => {
      positions.set(id, (await eventStore.appendToStream(commune, [{ id, type, data, metadata: metadata() }], { expectedRevision: 'any' })).position);
    };
    await append(nulVoucher, 'FundsDisbursed', { disbursementId: randomUUID(), amountVnd: '1000', voucherRef: 'KB-\u0000-1', disbursedOn: '2024-07-01' });
    await append(nulType, 'Funds\u0000Disbursed', { disbursementId: randomUUID(), amountVnd: '7', voucherRef: 'KB-2', disbursedOn: '2024-07-01' });
    await writeSyntheticHistory(eventStore, { provinces: 1, districtsPerProvince: 1, communesPerDistrict: 1, tranches: 1 });
    readSide = new ReadSide(stores.readModels!, eventStore);
    await readSide.start();
    // On PostgreSQL the runner starts once it holds the projector lease; it creates the tables then.
    const deadline = Date.now() + 30_000;
    while (!(readSide.projecting && readSide.runner?.state !== 'starting') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readSide.projecting).toBe(true);
  });
  afterAll(async () => {
    await readSide?.stop();
    await stores?.checkpointStore.close();
    await eventStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parks the event for the audit trail only, whose rows hold the text; the balances count its money; reads waiting for the head answer', async () => {
    const head = await eventStore.headPosition();
    await readSide.awaitPosition(head, projectionNames);
    const status = await readSide.status();
    const at = (id: string): bigint => positions.get(id) as bigint;
    expect(status.parkedEvents.map((event) => [event.projection, event.position, event.eventType, event.code])).toEqual([
      ['audit-trail', at(nulVoucher), 'FundsDisbursed', 'READ_STORE_REFUSED_EVENT'],
      ...projectionNames.map((name) => [name, at(nulType), 'Funds\ufffdDisbursed', 'EVENT_UNREADABLE']).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
    expect(status.projections.map((projection) => projection.position)).toEqual(projectionNames.map(() => head));
    const auditRows = await stores.readModels!.store.reader.selectFrom('audit_events').select('position').where('position', 'in', [at(nulVoucher), at(nulType)]).execute();
    expect(auditRows).toEqual([]);
    const balance = await findBalance(readSide.reader, communeAccount);
    disbursedBeforeVnd = balance.value?.disbursedVnd ?? 0n;
    const audited = await stores.readModels!.store.reader.selectFrom('audit_events').select(({ fn }) => fn.sum<string>('amount_vnd').as('total')).where('stream_id', '=', commune).where('event_type', '=', 'FundsDisbursed').executeTakeFirstOrThrow();
    // The audit trail lacks the 1,000 đồng of the parked disbursement; the balance has them.
    expect(disbursedBeforeVnd - BigInt(audited.total)).toBe(1_000n);

    const readiness = new ReadSideReadiness(readSide);
    const report = await readiness.probe();
    expect(report).toMatchObject({ healthy: true, details: { degraded: true, parkedEvents: 1 + projectionNames.length, failure: null } });
    expect(report.details[`parked.audit-trail.${at(nulVoucher).toString()}`]).toBe(`FundsDisbursed ${nulVoucher} READ_STORE_REFUSED_EVENT`);
    expect(JSON.stringify(report.details)).not.toMatch(/invalid byte sequence|UTF8|0x00/);
    const metrics = new LedgerMetrics();
    await readiness.refreshMetrics(metrics);
    expect(await metrics.registry.metrics()).toMatch(/^ledger_projection_events_parked\{projection="audit-trail"\} 2$/m);
  });

  it('rebuilds on a worker thread of its own: the events still refused are parked again, and the rest equals incremental projection', async () => {
    const job = await readSide.rebuilder.start(projectionNames);
    const finished = (await readSide.rebuilder.current) as RebuildJobView;
    expect(finished).toMatchObject({ jobId: job.jobId, status: 'completed', error: null });
    expect(readSide.rebuilder.progress?.threadId).not.toBe(threadId);
    const parked = await stores.readModels!.store.reader.selectFrom('projection_parked_events').select(['projection_name', 'position']).orderBy('projection_name').execute();
    expect(parked.map((row) => row.projection_name)).toEqual(['account-history', 'approvals', 'audit-trail', 'audit-trail', 'balances', 'registry', 'transfers']);

    const incremental: ReadStore = await PostgresReadStore.open({ connectionString: await server().createDatabase() });
    const source = new SqliteEventFileSource(eventStoreFile);
    const runner = new ProjectionRunner(incremental, source, eventStore, { batchEventCountMax: 13 });
    try {
      await runner.start();
      expect(await runner.waitFor(await eventStore.headPosition(), 60_000)).toBe(true);
      await runner.stop();
      await readSide.awaitPosition(await eventStore.headPosition(), projectionNames);
      expect(await dumpReadStore(stores.readModels!.store)).toEqual(await dumpReadStore(incremental));
    } finally {
      await incremental.close();
      await source.close();
    }
  });

  it('runs one rebuild at a time across processes sharing the store: of two requests at once, one gets REBUILD_ALREADY_RUNNING', async () => {
    // A second process: its own connections to the same read store, no runner.
    const otherStore = await PostgresReadStore.open({ connectionString: readStoreUrl });
    const other = new ReadSide({ ...stores.readModels!, store: otherStore, source: new SqliteEventFileSource(eventStoreFile), runnerEnabled: false, leaseProjector: undefined }, eventStore);
    try {
      const outcomes = await Promise.allSettled([readSide.rebuilder.start(['balances']), other.rebuilder.start(['transfers'])]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(RebuildAlreadyRunningError);
      for (const side of [readSide, other]) await side.rebuilder.current;
      const jobs = await readSide.rebuilder.recentJobs();
      expect(jobs[0]).toMatchObject({ status: 'completed' });
      expect(jobs.filter((job) => job.status === 'running')).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
