import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { ProjectionRebuilder, ProjectionRunner, projectionNames, type ReadStore } from '@ledger/read-models';
import { LeasedProjector, PostgresProjectorLease, PostgresReadStore, ProjectorLeaseLostError, type PostgresProjectorLeaseOptions } from '@ledger/read-models-postgres';
import { openSqliteReadStore, SqliteEventFileSource } from '@ledger/read-models-sqlite';
import { dumpReadStore } from '../../read-models/support/read-store-dump';
import { appendLateDisbursements, writeSyntheticHistory } from '../../read-models/support/synthetic-history';
import { describeWithPostgres } from '../../support/postgres';

jest.setTimeout(60_000);

/** Short wait slices and heartbeats keep the tests quick; the behaviour does not depend on them. */
const waitSliceMs = 200;
/** How long a waiting lease is watched to show that it does not get the lock. */
const watchedWaitMs = 4 * waitSliceMs;

/**
 * A TCP relay to the server that can stop relaying without closing anything, like a network that
 * silently drops packets, and then cut its connections, like the server finally noticing.
 */
class StallingProxy {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly connectionString: string,
  ) {}

  static async start(target: string): Promise<StallingProxy> {
    const url = new URL(target);
    const relay = createServer((downstream) => {
      const upstream = connect(Number(url.port || 5432), url.hostname);
      for (const socket of [downstream, upstream]) {
        proxy.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => proxy.sockets.delete(socket));
      }
      downstream.pipe(upstream);
      upstream.pipe(downstream);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String((relay.address() as AddressInfo).port);
    const proxy = new StallingProxy(relay, viaProxy.toString());
    return proxy;
  }

  stall(): void {
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  cut(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describeWithPostgres('the projector lease on PostgreSQL', (server) => {
  let connectionString: string;
  const leases: PostgresProjectorLease[] = [];

  function lease(options: Partial<PostgresProjectorLeaseOptions> = {}): PostgresProjectorLease {
    const made = new PostgresProjectorLease({ connectionString, waitSliceMs, heartbeatIntervalMs: 250, ...options });
    leases.push(made);
    return made;
  }

  async function admin<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: database });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** The sessions holding or waiting for an advisory lock in the database. */
  function advisoryLocks(database = connectionString): Promise<{ pid: number; granted: boolean }[]> {
    return admin(database, async (client) => {
      const result = await client.query<{ pid: number; granted: boolean }>(
        "select pid, granted from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) order by granted desc",
      );
      return result.rows;
    });
  }

  /** Ends the session holding the lease, as a crash of its process or a broken connection would. */
  async function killHolder(database = connectionString): Promise<void> {
    const holders = (await advisoryLocks(database)).filter((lock) => lock.granted);
    expect(holders).toHaveLength(1);
    await admin(database, (client) => client.query('select pg_terminate_backend($1)', [holders[0].pid]));
  }

  async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await condition()) return true;
      await delay(50);
    }
    return condition();
  }

  beforeAll(async () => {
    connectionString = await server().createDatabase();
  });

  afterEach(async () => {
    for (const made of leases.splice(0)) await made.release();
  });

  it('a second lease waits until the first is released, then holds it', async () => {
    const first = lease();
    const second = lease();
    await first.acquire();
    let secondGranted = false;
    const waiting = second.acquire().then(() => {
      secondGranted = true;
    });
    await delay(watchedWaitMs);
    expect([first.held, second.held, secondGranted]).toEqual([true, false, false]);
    expect((await advisoryLocks()).filter((lock) => lock.granted)).toHaveLength(1);

    await first.release();
    await waiting;
    expect([first.held, second.held]).toEqual([false, true]);
    // Now the first one waits for the second.
    await expect(first.acquire(AbortSignal.timeout(watchedWaitMs))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(first.held).toBe(false);
  });

  it('stops waiting when its signal is aborted, and leaves no waiting session behind', async () => {
    const first = lease();
    await first.acquire();
    const controller = new AbortController();
    const waiting = lease().acquire(controller.signal);
    await delay(waitSliceMs / 2);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    expect(await eventually(async () => (await advisoryLocks()).every((lock) => lock.granted), 10 * waitSliceMs)).toBe(true);
    await first.release();
    const third = lease();
    await third.acquire(AbortSignal.timeout(10_000));
    expect(third.held).toBe(true);
  });

  it('a lease whose connection dies is reported lost, and a waiting lease takes over', async () => {
    const first = lease();
    await first.acquire();
    const lost = new Promise<ProjectorLeaseLostError>((resolve) => first.onLost(resolve));
    const second = lease();
    const waiting = second.acquire();
    await killHolder();
    const error = await lost;
    expect(error).toBeInstanceOf(ProjectorLeaseLostError);
    expect(error.message).toMatch(/ledger-projector was lost/);
    expect(first.held).toBe(false);
    await waiting;
    expect(second.held).toBe(true);
  });

  it('a lease whose connection stops answering is reported lost by its heartbeat', async () => {
    const proxy = await StallingProxy.start(connectionString);
    try {
      const first = lease({ connectionString: proxy.connectionString, heartbeatIntervalMs: 100, heartbeatTimeoutMs: 300 });
      await first.acquire();
      const lost = new Promise<ProjectorLeaseLostError>((resolve) => first.onLost(resolve));
      proxy.stall();
      expect((await lost).message).toMatch(/timeout/i);
      expect(first.held).toBe(false);
      // The server still holds the lock for the silent session until it notices the peer is gone.
      const second = lease();
      const waiting = second.acquire();
      await delay(2 * waitSliceMs);
      expect(second.held).toBe(false);
      proxy.cut();
      await waiting;
      expect(second.held).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('leases of other names or other databases do not wait for each other', async () => {
    await lease().acquire();
    const otherName = lease({ lockName: 'another-projector' });
    await otherName.acquire(AbortSignal.timeout(10_000));
    const otherDatabase = new PostgresProjectorLease({ connectionString: await server().createDatabase(), waitSliceMs });
    leases.push(otherDatabase);
    await otherDatabase.acquire(AbortSignal.timeout(10_000));
    expect([otherName.held, otherDatabase.held]).toEqual([true, true]);
  });

  describe('two projector processes sharing one read store', () => {
    let dir: string;
    let eventStoreFile: string;
    let eventStore: SqliteEventStore;
    /** Events in the store: the history and every disbursement appended since. */
    let storedEventCount = 0;
    const closing: { close(): Promise<void> }[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-pg-lease-'));
      eventStoreFile = join(dir, 'events.sqlite');
      eventStore = await SqliteEventStore.open({ filePath: eventStoreFile, synchronous: 'NORMAL' });
      storedEventCount = (await writeSyntheticHistory(eventStore, { provinces: 1, districtsPerProvince: 2, communesPerDistrict: 2, tranches: 3 })).events;
    });
    afterAll(async () => {
      await eventStore?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    afterEach(async () => {
      for (const resource of closing.splice(0).reverse()) await resource.close();
    });

    async function disburse(count: number): Promise<void> {
      await appendLateDisbursements(eventStore, count);
      storedEventCount += count;
    }

    /** One process: its own read store connections, event reader, runner and lease. */
    async function projectorProcess(database: string, onLost: (error: ProjectorLeaseLostError) => void = () => undefined) {
      const store = await PostgresReadStore.open({ connectionString: database, poolSizeMax: 2 });
      const source = new SqliteEventFileSource(eventStoreFile);
      const runner = new ProjectionRunner(store, source, eventStore, { batchEventCountMax: 40 });
      const guarded = new LeasedProjector(new PostgresProjectorLease({ connectionString: database, waitSliceMs, heartbeatIntervalMs: 250 }), runner, onLost);
      closing.push(store, source, { close: () => guarded.stop() });
      return { store, runner, guarded };
    }

    /** The read models built from the event store file from scratch, on SQLite. */
    async function expectedDump(): Promise<Record<string, string[]>> {
      const reference = await openSqliteReadStore({ filePath: ':memory:' });
      const source = new SqliteEventFileSource(eventStoreFile);
      try {
        await new ProjectionRebuilder(reference, source).run(projectionNames);
        return await dumpReadStore(reference);
      } finally {
        await source.close();
        await reference.close();
      }
    }

    async function expectCaughtUp(runner: ProjectionRunner): Promise<void> {
      expect(await runner.waitFor(await eventStore.headPosition(), 30_000)).toBe(true);
    }

    it('only the lease holder projects; the other takes over on release; every event is applied once', async () => {
      const database = await server().createDatabase();
      const a = await projectorProcess(database);
      const b = await projectorProcess(database);
      const before = storedEventCount;
      await a.guarded.start();
      const bStarted = b.guarded.start();
      await expectCaughtUp(a.runner);
      await disburse(15);
      await expectCaughtUp(a.runner);
      await delay(watchedWaitMs);
      expect([a.guarded.leaseHeld, b.guarded.leaseHeld, b.runner.state]).toEqual([true, false, 'stopped']);

      await a.guarded.stop();
      await bStarted;
      expect([a.runner.state, b.guarded.leaseHeld]).toEqual(['stopped', true]);
      await disburse(10);
      await expectCaughtUp(b.runner);
      expect([a.runner.counters.eventsApplied, b.runner.counters.eventsApplied]).toEqual([before + 15, 10]);
      expect(await dumpReadStore(b.store)).toEqual(await expectedDump());
    });

    it('a projector whose lease is lost stops at once; the other takes over without applying any event twice', async () => {
      const database = await server().createDatabase();
      let lostBy: ProjectorLeaseLostError | undefined;
      const a = await projectorProcess(database, (error) => {
        lostBy = error;
      });
      const b = await projectorProcess(database);
      await a.guarded.start();
      const bStarted = b.guarded.start();
      await expectCaughtUp(a.runner);

      await killHolder(database);
      await bStarted;
      expect(await eventually(async () => lostBy !== undefined, 10_000)).toBe(true);
      expect([a.runner.state, a.guarded.leaseHeld, b.guarded.leaseHeld]).toEqual(['stopped', false, true]);
      await disburse(12);
      await expectCaughtUp(b.runner);
      expect(a.runner.counters.eventsApplied + b.runner.counters.eventsApplied).toBe(storedEventCount);
      expect(await dumpReadStore(b.store)).toEqual(await expectedDump());
    });
  });
});
