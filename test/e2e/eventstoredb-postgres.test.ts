import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sql } from 'kysely';
import { generateSigningKeyPem } from '@ledger/audit';
import { DigestSchedule } from '@ledger/audit-digests';
import { ReadSide } from '@ledger/read-models';
import { TransferProcessManager } from '@ledger/transfers';
import { loadLedgerConfig, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { EsdbEventStore, type RetryPolicy } from '@ledger/event-store-esdb';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { EventStoreEventSource, ProjectionRebuilder, projectionNames } from '@ledger/read-models';
import { PostgresReadStore } from '@ledger/read-models-postgres';
import { createLedgerApp } from '../../apps/api/src/app.factory';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { createProjectorApp } from '../../apps/projector/src/projector.factory';
import { dumpReadStore } from '../read-models/support/read-store-dump';
import { runCliInProcess } from '../support/cli-in-process';
import { describeWithPostgres } from '../support/postgres';
import { authorizedClient, TestTokens, type HttpClient } from '../support/test-tokens';

/** Each app's tokens, signed with the secret of its data folder. */
const tokensOf = new Map<INestApplicationContext, TestTokens>();

function client(app: NestFastifyApplication): HttpClient {
  const tokens = tokensOf.get(app);
  if (!tokens) throw new Error('the app has no test tokens');
  return authorizedClient(app, tokens);
}

async function withTokens<T extends NestFastifyApplication>(app: T, config: LedgerConfig): Promise<T> {
  tokensOf.set(app, await TestTokens.of(config));
  return app;
}
import { newCommandId } from './support/ledger-test-app';

jest.setTimeout(180_000);

/** Short reconnect delays, so the restart of the double costs a fraction of a second. */
const fastRetry: RetryPolicy = { attemptsMax: 60, delayMsInitial: 10, delayMsMax: 200 };
const eventStoreRetry = { retry: fastRetry, subscriptionReconnect: fastRetry };
const reportPaths = ['/v1/reports/disbursement-progress?planYear=2024&level=province', '/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11'];

/** The reports as JSON, at least as new as `head`, without the positions (which differ between stores). */
async function reports(app: NestFastifyApplication, head: bigint): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const path of reportPaths) {
    const response = await client(app).get(`${path}&minPosition=${head.toString()}`).expect(200);
    answers.push(withoutPositions(response.body));
  }
  return answers;
}

function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !/position/i.test(key)).map(([key, inner]) => [key, withoutPositions(inner)]));
}

function headOf(app: INestApplicationContext): Promise<bigint> {
  return app.get<EventStore>(EVENT_STORE).headPosition();
}

describeWithPostgres('the ledger on EventStoreDB (test double) and PostgreSQL, with a projector worker', (server) => {
  const dirs: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  let double: EsdbTestDouble;
  let readStoreUrl: string;
  let env: Record<string, string>;
  let projector: NestFastifyApplication;
  let api: NestFastifyApplication;
  let embeddedReports: unknown[];

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-esdb-pg-'));
    dirs.push(dir);
    return dir;
  }

  beforeAll(async () => {
    // The embedded stores, for the figures to compare with.
    const embeddedConfig = loadLedgerConfig({ LEDGER_DATA_DIR: tempDir(), LEDGER_LOG_LEVEL: 'error', LEDGER_READ_WAIT_MS: '20000' });
    const embedded = await withTokens(await createLedgerApp(embeddedConfig), embeddedConfig);
    try {
      await runDemo(embedded, () => undefined);
      embeddedReports = await reports(embedded, await headOf(embedded));
      // Figures to compare: both levels have rows with money disbursed.
      expect(JSON.stringify(embeddedReports)).toMatch(/"disbursedVnd":"[1-9]/);
    } finally {
      await embedded.close();
    }

    double = await EsdbTestDouble.start();
    closers.push(() => double.stop());
    readStoreUrl = await server().createDatabase();
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'digest.key'), generateSigningKeyPem().privateKeyPem, { mode: 0o600 });
    env = {
      LEDGER_DATA_DIR: dataDir,
      // Digests on a schedule: the tests drive the ticks; the timer waits longer than they run.
      LEDGER_AUDIT_SIGNING_KEY_FILE: join(dataDir, 'digest.key'),
      LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS: '3600',
      LEDGER_EVENT_STORE_URL: double.connectionString,
      LEDGER_READ_STORE_URL: readStoreUrl,
      LEDGER_LOG_LEVEL: 'error',
      LEDGER_READ_WAIT_MS: '20000',
    };
    projector = await withTokens(await createProjectorApp(loadLedgerConfig(env), { eventStoreRetry }), loadLedgerConfig(env));
    closers.unshift(() => projector.close());
    api = await withTokens(await createLedgerApp(loadLedgerConfig({ ...env, LEDGER_PROJECTIONS: 'false', LEDGER_PROCESS_MANAGER: 'false' }), { eventStoreRetry }), loadLedgerConfig(env));
    closers.unshift(() => api.close());
  });

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    if (readStoreUrl) await server().dropDatabase(readStoreUrl).catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same disbursement reports, figure for figure, as the embedded stores', async () => {
    // The demo settles transfers through the process manager's waits, so it runs where the process manager does.
    await runDemo(projector, () => undefined);
    expect(await reports(api, await headOf(api))).toEqual(embeddedReports);
    const ready = await client(projector).get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ eventStore: { status: 'up' }, transferProcessManager: { status: 'up' }, readModels: { status: 'up', runner: 'live' } });
    const apiReady = await client(api).get('/health/ready').expect(200);
    expect(apiReady.body.info).toMatchObject({ transferProcessManager: { runsHere: false }, readModels: { runner: 'elsewhere' }, auditDigests: { runsHere: false } });
    // The worker that holds the lease makes the digests, over EventStoreDB's positions; the file verifies against that store.
    expect(ready.body.info).toMatchObject({ auditDigests: { runsHere: true, running: true } });
    const made = await projector.get(DigestSchedule).tick();
    expect(made).toMatchObject({ kind: 'made', entry: { store: 'eventstoredb', position: (await headOf(api)).toString() } });
    const file = join(env.LEDGER_DATA_DIR, 'digests', made.kind === 'made' ? made.entry.file : '');
    expect(await runCliInProcess(env.LEDGER_DATA_DIR, ['audit', 'verify', '--digest', file], env)).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/digest: the \d+ events up to position \d+ are those it was made over/) });
    // The worker serves no commands.
    await client(projector).get('/v1/balances').expect(404);
  });

  it('rides out a restart of the event store mid-subscription: the read models then equal a fresh rebuild, nothing applied twice', async () => {
    const province = 'DTTS.2024.11.DTPT.NSTW._';
    const allocate = (amountVnd: string) =>
      client(api)
        .post(`/v1/accounts/DTTS.2024.VN.DTPT.NSTW._/allocations`)
        .send({ commandId: newCommandId('around-restart'), toAccountId: province, amountVnd, decisionRef: 'around-restart', effectiveDate: '2024-11-05' })
        .expect(201);
    await client(api)
      .post(`/v1/accounts/DTTS.2024.VN.DTPT.NSTW._/budget-assignments`)
      .send({ commandId: newCommandId('around-restart'), amountVnd: '1000000', decisionRef: 'around-restart', effectiveDate: '2024-11-05' })
      .expect(201);
    // Transfers the worker is still crediting and projecting when the store goes away.
    await Promise.all(Array.from({ length: 20 }, () => allocate('10')));
    await double.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await double.restart();

    // More commands through the API (transfers are credited by the worker).
    for (let index = 0; index < 3; index += 1) {
      await client(api)
        .post(`/v1/accounts/DTTS.2024.VN.DTPT.NSTW._/budget-assignments`)
        .send({ commandId: newCommandId('after-restart'), amountVnd: '1000000', decisionRef: 'after-restart', effectiveDate: '2024-11-05' })
        .expect(201);
      await client(api)
        .post(`/v1/accounts/DTTS.2024.VN.DTPT.NSTW._/allocations`)
        .send({ commandId: newCommandId('after-restart'), toAccountId: province, amountVnd: '1000', decisionRef: 'after-restart', effectiveDate: '2024-11-05' })
        .expect(201);
    }
    const head = await headOf(api);
    await projector.get(TransferProcessManager).waitFor(head, 20_000);
    const settledHead = await headOf(api);
    await api.get(ReadSide).awaitPosition(settledHead, projectionNames);

    const rebuiltUrl = await server().createDatabase();
    const rebuilt = await PostgresReadStore.open({ connectionString: rebuiltUrl });
    const events = await EsdbEventStore.open({ connectionString: double.connectionString, retry: fastRetry, subscriptionReconnect: fastRetry });
    try {
      expect(await new ProjectionRebuilder(rebuilt, new EventStoreEventSource(events)).run(projectionNames)).toMatchObject({ status: 'completed' });
      const live = await PostgresReadStore.open({ connectionString: readStoreUrl });
      try {
        expect(await dumpReadStore(live)).toEqual(await dumpReadStore(rebuilt));
      } finally {
        await live.close();
      }
    } finally {
      await events.close();
      await rebuilt.close();
      await server().dropDatabase(rebuiltUrl);
    }
  });

  it('keeps a second worker on standby until the first stops, then it projects and completes transfers', async () => {
    const standby = await withTokens(await createProjectorApp(loadLedgerConfig(env), { eventStoreRetry }), loadLedgerConfig(env));
    closers.unshift(() => standby.close());
    const waiting = await client(standby).get('/health/ready').expect(200);
    expect(waiting.body.info).toMatchObject({ readModels: { runner: 'waiting for lease' }, transferProcessManager: { waitingForLease: true }, auditDigests: { waitingForLease: true } });
    // Read-your-writes waits without the lease look at the checkpoints the holder stores.
    await standby.get(ReadSide).awaitPosition(await headOf(api), projectionNames);

    // SIGTERM in production: the first worker finishes its work, saves its checkpoints and gives the lease up.
    await projector.close();
    const deadline = Date.now() + 20_000;
    while ((await standby.get(ReadSide).status()).runner.state !== 'live' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await standby.get(ReadSide).status()).runner.state).toBe('live');

    const allocated = await client(api)
      .post('/v1/accounts/DTTS.2024.VN.DTPT.NSTW._/allocations')
      .send({ commandId: newCommandId('standby'), toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: '500', decisionRef: 'standby', effectiveDate: '2024-11-06' })
      .expect(201);
    await standby.get(TransferProcessManager).waitFor(BigInt(allocated.body.position), 20_000);
    const head = await headOf(api);
    await api.get(ReadSide).awaitPosition(head, projectionNames);
    const ready = await client(standby).get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ transferProcessManager: { running: true }, readModels: { runner: 'live' }, auditDigests: { running: true } });
    // The schedule moved with the lease and continues the record the first worker kept.
    const digests = standby.get(DigestSchedule);
    expect(digests.status.lastDigest).not.toBeNull();
    expect(await digests.tick()).toMatchObject({ kind: 'made', entry: { store: 'eventstoredb', position: head.toString() } });

    // The lease's connection dies (a server restart, a network failure): the worker stops projecting,
    // waits for the lease again, gets it back, and projects and completes transfers as before.
    const admin = await PostgresReadStore.open({ connectionString: readStoreUrl });
    try {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'program-ledger projector lease%'`.execute(admin.writer);
    } finally {
      await admin.close();
    }
    const again = await client(api)
      .post('/v1/accounts/DTTS.2024.VN.DTPT.NSTW._/allocations')
      .send({ commandId: newCommandId('lease-lost'), toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: '500', decisionRef: 'lease-lost', effectiveDate: '2024-11-06' })
      .expect(201);
    await standby.get(TransferProcessManager).waitFor(BigInt(again.body.position), 20_000);
    await api.get(ReadSide).awaitPosition(await headOf(api), projectionNames);
    expect((await standby.get(ReadSide).status()).runner.state).toBe('live');
  });
});
