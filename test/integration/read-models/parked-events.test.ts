import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import type { JsonObject } from '@ledger/event-store';
import { LedgerMetrics, ReadSideReadiness } from '@ledger/operations';
import {
  allProjections,
  ProjectionRebuilder,
  ProjectionRunner,
  projectionNames,
  ReadSide,
  type ParkedEventView,
  type Projection,
  type ProjectionEvent,
  type ProjectionEventSource,
  type ProjectionName,
} from '@ledger/read-models';
import { openEmbeddedReadSide, openSqliteReadStore, SqliteEventFileSource, type EmbeddedReadSide } from '@ledger/read-models-sqlite';
import { dumpReadStore } from '../../read-models/support/read-store-dump';
import { writeSyntheticHistory } from '../../read-models/support/synthetic-history';

/*
 * Events already in the store whose content the read models cannot take — here, one the read
 * store refuses (a locality without a name breaks a NOT NULL column), one a projection cannot fold
 * (a transfer to something that is not an account), one that does not decode (an amount that is
 * not whole đồng), one whose stored data another program broke (not JSON) — used to stop the runner for good: it retried the batch for ever, reads with
 * minPosition answered 503 and readiness failed. Now each is parked for the projections it fails
 * in, and every other event is applied.
 */

jest.setTimeout(90_000);

const commune = 'account-DTTS.2024.10000.DTPT.NSTW.DA1';

function metadata(): JsonObject {
  return { commandId: randomUUID(), actor: { id: 'importer', role: 'operator', jurisdiction: null }, decisionRef: null, effectiveDate: '2024-07-01', schemaVersion: 1 };
}

/** Events of a source without the given positions, as if they had never been written. */
class WithoutPositions implements ProjectionEventSource {
  constructor(
    private readonly source: ProjectionEventSource,
    private readonly left: ReadonlySet<bigint>,
  ) {}

  async readAfter(afterPosition: bigint, maxCount: number): Promise<readonly ProjectionEvent[]> {
    const page = await this.source.readAfter(afterPosition, maxCount);
    return page.filter((event) => !this.left.has(event.position));
  }

  headPosition(): Promise<bigint> {
    return this.source.headPosition();
  }

  close(): Promise<void> {
    return this.source.close();
  }
}

/** A projection that, like a build with a bug since fixed, cannot fold one particular event. */
function refusing(projection: Projection, eventId: string): Projection {
  return {
    ...projection,
    startBatch: (decoder) => {
      const batch = projection.startBatch(decoder);
      return {
        apply: (event) => {
          if (event.eventId === eventId) throw new Error(`cannot fold ${eventId}`);
          batch.apply(event);
        },
        write: (writer) => batch.write(writer),
      };
    },
  };
}

function asText(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

function parkedSummary(parked: readonly ParkedEventView[]): string[] {
  return parked.map((event) => `${event.projection}@${event.position.toString()} ${event.eventType} ${event.code}`);
}

describe('events the read models cannot take are parked, per projection, and every other event is applied', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-parked-'));
  const eventStoreFile = join(dir, 'events.sqlite');
  let eventStore: SqliteEventStore;
  const poison = { unnamed: randomUUID(), notAnAccount: randomUUID(), undecodable: randomUUID(), corrupted: randomUUID() };
  const positions = new Map<string, bigint>();
  let expected: Record<string, string[]>;

  async function appendOne(streamId: string, id: string, type: string, data: JsonObject): Promise<void> {
    const written = await eventStore.appendToStream(streamId, [{ id, type, data, metadata: metadata() }], { expectedRevision: 'any' });
    positions.set(id, written.position);
  }

  beforeAll(async () => {
    eventStore = await SqliteEventStore.open({ filePath: eventStoreFile, synchronous: 'NORMAL' });
    await writeSyntheticHistory(eventStore, { provinces: 1, districtsPerProvince: 2, communesPerDistrict: 2, tranches: 2 });
    await appendOne('registry-localities', poison.unnamed, 'LocalityRegistered', { localityId: '999', code: '999', name: null, level: 'province', parentId: 'VN', validFrom: null, validTo: null });
    await appendOne(commune, poison.notAnAccount, 'FundsAllocated', { transferId: randomUUID(), toAccountId: 'not-an-account', amountVnd: '5' });
    await appendOne(commune, poison.undecodable, 'FundsDisbursed', { disbursementId: randomUUID(), amountVnd: 'lots', voucherRef: 'KB-1', disbursedOn: '2024-07-01' });
    await appendOne(commune, poison.corrupted, 'FundsDisbursed', { disbursementId: randomUUID(), amountVnd: '3', voucherRef: 'KB-3', disbursedOn: '2024-07-01' });
    const file = new Database(eventStoreFile);
    try {
      file.prepare("UPDATE events SET data = '{\"amountVnd\": ' WHERE event_id = ?").run(poison.corrupted);
    } finally {
      file.close();
    }
    await writeSyntheticHistory(eventStore, { provinces: 1, districtsPerProvince: 1, communesPerDistrict: 1, tranches: 1 });

    // What the read models hold when every projection lacks exactly the events parked for it:
    // built from the history without the three, plus the audit rows of the two the audit trail takes.
    const reference = await openSqliteReadStore({ filePath: join(dir, 'reference.sqlite') });
    const source = new WithoutPositions(new SqliteEventFileSource(eventStoreFile), new Set(positions.values()));
    try {
      expect(await new ProjectionRebuilder(reference, source, { batchEventCountMax: 200 }).run(projectionNames)).toMatchObject({ status: 'completed' });
      expected = await dumpReadStore(reference);
    } finally {
      await source.close();
      await reference.close();
    }
  });
  afterAll(async () => {
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The read models expected: the reference, with the audit rows of the events only the other projections parked. */
  function expectAsReference(dump: Record<string, string[]>): void {
    for (const table of Object.keys(expected)) {
      if (table === 'audit_events') continue;
      expect({ table, rows: dump[table] }).toEqual({ table, rows: expected[table] });
    }
    const auditPositions = dump.audit_events.map((row) => /position=n:(\d+)/.exec(row)?.[1]);
    expect(dump.audit_events).toHaveLength(expected.audit_events.length + 2);
    expect(auditPositions).toEqual(expect.arrayContaining([positions.get(poison.unnamed)?.toString(), positions.get(poison.notAnAccount)?.toString()]));
    expect(auditPositions).not.toContain(positions.get(poison.undecodable)?.toString());
    expect(auditPositions).not.toContain(positions.get(poison.corrupted)?.toString());
  }

  const expectedParked = (): string[] => {
    const at = (id: string): string => (positions.get(id) as bigint).toString();
    return [
      `registry@${at(poison.unnamed)} LocalityRegistered READ_STORE_REFUSED_EVENT`,
      `balances@${at(poison.notAnAccount)} FundsAllocated EVENT_NOT_APPLICABLE`,
      `transfers@${at(poison.notAnAccount)} FundsAllocated EVENT_NOT_APPLICABLE`,
      ...projectionNames.map((name) => `${name}@${at(poison.undecodable)} FundsDisbursed EVENT_UNREADABLE`),
      ...projectionNames.map((name) => `${name}@${at(poison.corrupted)} FundsDisbursed EVENT_UNREADABLE`),
    ].sort();
  };

  describe('on a live read side', () => {
    let embedded: EmbeddedReadSide;
    let readSide: ReadSide;

    beforeAll(async () => {
      embedded = await openEmbeddedReadSide({ readStoreFile: join(dir, 'read.sqlite'), eventStoreFile });
      readSide = new ReadSide({ store: embedded.store, source: embedded.source, runnerEnabled: true, waitTimeoutMs: 20_000, batchEventCountMax: 50 }, eventStore);
      await readSide.start();
    });
    afterAll(async () => {
      await readSide.stop();
    });

    it('reaches the head: reads waiting for it answer, and each projection lacks only the events parked for it', async () => {
      const head = await eventStore.headPosition();
      await readSide.awaitPosition(head, projectionNames);
      const status = await readSide.status();
      expect(status.runner).toMatchObject({ state: expect.stringMatching(/^(live|catching-up)$/), failure: null });
      expect(status.degraded).toBe(true);
      expect(parkedSummary(status.parkedEvents).sort()).toEqual(expectedParked());
      expect(status.parkedEvents.find((event) => event.projection === 'registry')?.eventId).toBe(poison.unnamed);
      expect(Object.fromEntries(status.projections.map((projection) => [projection.name, [projection.position, projection.parkedEvents]]))).toEqual({
        registry: [head, 3],
        balances: [head, 3],
        'audit-trail': [head, 2],
        transfers: [head, 3],
        approvals: [head, 2],
        'account-history': [head, 2],
      });
      expectAsReference(await dumpReadStore(embedded.store));
    });

    it('is ready but degraded, naming each parked event with a code, never the error text; a metric counts them per projection', async () => {
      const readiness = new ReadSideReadiness(readSide);
      const report = await readiness.probe();
      expect(report.healthy).toBe(true);
      expect(report.details).toMatchObject({ degraded: true, parkedEvents: 3 + 2 * projectionNames.length, failure: null, 'registry.parkedEvents': 3, 'audit-trail.parkedEvents': 2 });
      expect(report.details[`parked.registry.${(positions.get(poison.unnamed) as bigint).toString()}`]).toBe(`LocalityRegistered ${poison.unnamed} READ_STORE_REFUSED_EVENT`);
      expect(JSON.stringify(report.details)).not.toMatch(/NOT NULL|constraint|not an account id|whole đồng|JSON/);

      const metrics = new LedgerMetrics();
      await readiness.refreshMetrics(metrics);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/^ledger_projection_events_parked\{projection="registry"\} 3$/m);
      expect(text).toMatch(/^ledger_projection_events_parked\{projection="audit-trail"\} 2$/m);
    });

    it('after a restart applies nothing twice and parks nothing again', async () => {
      const before = await dumpReadStore(embedded.store);
      const parkedBefore = await embedded.store.reader.selectFrom('projection_parked_events').selectAll().orderBy('projection_name').orderBy('position').execute();
      const runner = new ProjectionRunner(embedded.store, embedded.source, eventStore, { batchEventCountMax: 7 });
      await runner.start();
      try {
        expect(await runner.waitFor(await eventStore.headPosition(), 20_000)).toBe(true);
        expect(runner.counters.eventsParked).toBe(0);
      } finally {
        await runner.stop();
      }
      expect(await dumpReadStore(embedded.store)).toEqual(before);
      expect(await embedded.store.reader.selectFrom('projection_parked_events').selectAll().orderBy('projection_name').orderBy('position').execute()).toEqual(parkedBefore);
    });
  });

  it('a rebuild from zero tries the parked events again: those that now apply leave the list, the others stay', async () => {
    const embedded = await openEmbeddedReadSide({ readStoreFile: join(dir, 'fixed.sqlite'), eventStoreFile });
    try {
      // A build that could not fold one ordinary disbursement parked it for the balances.
      const [ordinary] = await embedded.source.readAfter(10n, 1);
      const projections = allProjections.map((projection) => (projection.name === 'balances' ? refusing(projection, ordinary.id) : projection));
      const runner = new ProjectionRunner(embedded.store, embedded.source, eventStore, { batchEventCountMax: 50, projections, retryDelayMs: 1 });
      await runner.start();
      expect(await runner.waitFor(await eventStore.headPosition(), 20_000)).toBe(true);
      await runner.stop();
      const parkedFor = async (name: ProjectionName): Promise<bigint[]> =>
        (await embedded.store.reader.selectFrom('projection_parked_events').select('position').where('projection_name', '=', name).orderBy('position').execute()).map((row) => BigInt(row.position as bigint));
      expect(await parkedFor('balances')).toEqual([ordinary.position, positions.get(poison.notAnAccount), positions.get(poison.undecodable), positions.get(poison.corrupted)]);

      // The fixed build rebuilds the balances: the disbursement is applied, the events that still fail stay parked.
      const job = await new ProjectionRebuilder(embedded.store, embedded.source, { batchEventCountMax: 64 }).run(['balances']);
      expect(job).toMatchObject({ status: 'completed', error: null });
      expect(await parkedFor('balances')).toEqual([positions.get(poison.notAnAccount), positions.get(poison.undecodable), positions.get(poison.corrupted)]);
      expect(await embedded.store.reader.selectFrom('projection_parked_events').select('projection_name').where('projection_name', 'like', 'rebuild:%').execute()).toEqual([]);
      expectAsReference(await dumpReadStore(embedded.store));
    } finally {
      await embedded.store.close();
      await embedded.source.close();
    }
  });
});

describe('a runner that cannot write shows a stable code, never the store’s text, and parks nothing for the store’s failure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-failure-codes-'));
  const eventStoreFile = join(dir, 'events.sqlite');
  let eventStore: SqliteEventStore;
  let embedded: EmbeddedReadSide;

  beforeAll(async () => {
    eventStore = await SqliteEventStore.open({ filePath: eventStoreFile, synchronous: 'NORMAL' });
    await writeSyntheticHistory(eventStore, { provinces: 1, districtsPerProvince: 1, communesPerDistrict: 2, tranches: 1 });
    embedded = await openEmbeddedReadSide({ readStoreFile: join(dir, 'read.sqlite'), eventStoreFile });
  });
  afterAll(async () => {
    await embedded.store.close();
    await embedded.source.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function disburse(): Promise<bigint> {
    const data = { disbursementId: randomUUID(), amountVnd: '1000', voucherRef: `KB-${randomUUID()}`, disbursedOn: '2024-07-01' };
    return (await eventStore.appendToStream(commune, [{ id: randomUUID(), type: 'FundsDisbursed', data, metadata: metadata() }], { expectedRevision: 'any' })).position;
  }

  async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('READ_STORE_UNAVAILABLE while the checkpoints cannot be written, in the status and in readiness; then it recovers', async () => {
    const readSide = new ReadSide({ store: embedded.store, source: embedded.source, runnerEnabled: true, waitTimeoutMs: 20_000, batchEventCountMax: 50 }, eventStore);
    await readSide.start();
    const runner = readSide.runner as ProjectionRunner;
    try {
      await readSide.awaitPosition(await eventStore.headPosition(), projectionNames);
      const readiness = new ReadSideReadiness(readSide);

      await sql`create trigger refuse_checkpoints before update on projection_checkpoints begin select raise(abort, 'internal detail 42'); end`.execute(embedded.store.writer);
      const stuckAt = await disburse();
      await until(() => runner.failure !== null);
      const status = await readSide.status();
      expect(status.runner.failure).toMatchObject({ code: 'READ_STORE_UNAVAILABLE', projection: null, afterPosition: stuckAt - 1n });
      const report = await readiness.probe();
      expect(report.healthy).toBe(false);
      expect(report.details).toMatchObject({ failure: 'READ_STORE_UNAVAILABLE', failureAfterPosition: (stuckAt - 1n).toString() });
      expect(asText([status.runner, report.details])).not.toContain('internal detail');
      // Past the attempts after which a failing batch is looked into: the store's failure is no event's, nothing is parked.
      await until(() => (runner.failure?.attempts ?? 0) > 4);
      await sql`drop trigger refuse_checkpoints`.execute(embedded.store.writer);
      expect(await runner.waitFor(stuckAt, 20_000)).toBe(true);
      expect(runner.failure).toBeNull();
      expect((await readSide.status()).parkedEvents).toEqual([]);
    } finally {
      await sql`drop trigger if exists refuse_checkpoints`.execute(embedded.store.writer);
      // The read side closes the store it was given: the next test opens its own.
      await readSide.stop();
    }
  });

  it('PROJECTION_BATCH_FAILED names the projection whose rows failed, while attempts remain', async () => {
    const store = await openSqliteReadStore({ filePath: join(dir, 'read.sqlite') });
    const runner = new ProjectionRunner(store, new SqliteEventFileSource(eventStoreFile), eventStore, { batchEventCountMax: 50, batchAttemptsMax: 1_000, retryDelayMs: 20 });
    await runner.start();
    try {
      expect(await runner.waitFor(await eventStore.headPosition(), 20_000)).toBe(true);
      await sql`create trigger refuse_audit before insert on audit_events begin select raise(abort, 'internal detail 43'); end`.execute(store.writer);
      const stuckAt = await disburse();
      await until(() => (runner.failure?.attempts ?? 0) >= 2);
      expect(runner.failure).toMatchObject({ code: 'PROJECTION_BATCH_FAILED', projection: 'audit-trail', afterPosition: stuckAt - 1n });
      expect(asText(runner.failure)).not.toContain('internal detail');
      await sql`drop trigger refuse_audit`.execute(store.writer);
      expect(await runner.waitFor(stuckAt, 20_000)).toBe(true);
      expect(runner.failure).toBeNull();
      expect(runner.counters.eventsParked).toBe(0);
    } finally {
      await sql`drop trigger if exists refuse_audit`.execute(store.writer);
      await runner.stop();
      await store.close();
    }
  });
});
