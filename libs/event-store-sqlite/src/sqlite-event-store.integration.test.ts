import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { CommandIdConflictError, InvalidAppendError, UniqueKeyTakenError, WrongExpectedRevisionError } from '@ledger/event-store';
import type { EventStore, EventToAppend } from '@ledger/event-store';
import { runEventStoreContract, SubscriptionRecorder } from '@ledger/event-store/testing';
import { SqliteEventStore, schemaVersionLatest } from '@ledger/event-store-sqlite';
import type { SqliteEventStoreOptions } from '@ledger/event-store-sqlite';

/** Short, so the test of another process's appends does not wait long for the poll. */
const testPollIntervalMs = 20;

async function newTemporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ledger-sqlite-'));
}

describe.each(['thread', 'inline'] as const)('with the writer %s', (writer) => {
  runEventStoreContract(`sqlite (writer ${writer})`, async () => {
    const directory = await newTemporaryDirectory();
    const options: SqliteEventStoreOptions = { filePath: join(directory, 'events.sqlite'), pollIntervalMs: testPollIntervalMs, writer };
    let current: EventStore = await SqliteEventStore.open(options);
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await SqliteEventStore.open(options);
        return current;
      },
      dispose: async () => {
        await current.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  });
});

describe('SqliteEventStore', () => {
  let directory: string;
  let filePath: string;
  const openStores: SqliteEventStore[] = [];

  async function open(overrides: Partial<SqliteEventStoreOptions> = {}): Promise<SqliteEventStore> {
    const store = await SqliteEventStore.open({ filePath, pollIntervalMs: testPollIntervalMs, ...overrides });
    openStores.push(store);
    return store;
  }

  /** Makes the (closed) file what an older release wrote: `sql` takes back what came after it. */
  function rewriteAsSchemaVersion(version: number, sql: string): void {
    const downgrade = new Database(filePath);
    downgrade.exec(sql);
    downgrade.pragma(`user_version = ${version}`);
    downgrade.close();
  }

  /** The (closed) file is at the latest schema version, and `countSql` counts `expected`. */
  function expectLatestSchema(countSql: string, expected: number): void {
    const inspector = new Database(filePath);
    expect(inspector.pragma('user_version', { simple: true })).toBe(schemaVersionLatest);
    expect(inspector.prepare(countSql).pluck().get()).toBe(expected);
    inspector.close();
  }

  beforeEach(async () => {
    directory = await newTemporaryDirectory();
    filePath = join(directory, 'events.sqlite');
  });

  afterEach(async () => {
    for (const store of openStores.splice(0)) await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('commits on a writer thread by default and inline when told, an in-memory store only inline', async () => {
    const threaded = await open();
    const inline = await open({ writer: 'inline' });
    const first = await threaded.appendToStream('mode-1', [newEvent()], { expectedRevision: 'no_stream' });
    const second = await inline.appendToStream('mode-1', [newEvent()], { expectedRevision: 0n });
    expect(second.position).toBe(first.position + 1n);
    expect((await threaded.readStream('mode-1')).map((event) => event.revision)).toEqual([0n, 1n]);

    await expect(SqliteEventStore.open({ filePath: ':memory:', writer: 'thread' })).rejects.toThrow(RangeError);
    const memory = await SqliteEventStore.open({ filePath: ':memory:' });
    await memory.appendToStream('mode-2', [newEvent()], { expectedRevision: 'no_stream' });
    expect(await memory.headPosition()).toBe(0n);
    await memory.close();
  });

  it('refuses everything once its writer thread has died, so health checks notice', async () => {
    const store = await open();
    await store.appendToStream('orphaned', [newEvent()], { expectedRevision: 'no_stream' });
    // Reaches into the store to stop its thread as a crash would; nothing public can.
    const thread = (store as unknown as { committer: { worker: { terminate(): Promise<number> } } }).committer;
    await thread.worker.terminate();

    await expect(store.appendToStream('orphaned', [newEvent()], { expectedRevision: 0n })).rejects.toThrow(/writer thread stopped/);
    await expect(store.headPosition()).rejects.toThrow(/writer thread stopped/);
    // What was committed before is all there, for the next process to open.
    const reopened = await SqliteEventStore.open({ filePath, writer: 'inline' });
    expect((await reopened.readStream('orphaned')).map((event) => event.revision)).toEqual([0n]);
    await reopened.close();
  });

  it('answers the appends of a batch the writer thread shares with other batches, each on its own', async () => {
    const store = await open();
    // More appends than one chunk, on a few streams, some refused: chunks sent together may
    // share a transaction, and each append must still get its own answer.
    const appends = Array.from({ length: 300 }, (_, index) =>
      store
        .appendToStream(`chunked-${index % 3}`, [newEvent()], { expectedRevision: 'no_stream' })
        .then(
          (result) => ({ ok: true as const, result }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
    );
    const outcomes = await Promise.all(appends);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(3);
    for (const outcome of outcomes.filter((candidate) => !candidate.ok)) {
      expect((outcome as { error: unknown }).error).toBeInstanceOf(WrongExpectedRevisionError);
    }
    const stats = store.stats();
    expect(stats.appendsAccepted + stats.appendsRefused).toBe(300);
    expect(stats.transactionsCommitted).toBeLessThan(300);
  });

  it('opens the file in WAL mode with synchronous=FULL unless told otherwise', async () => {
    expect((await open()).durabilitySettings()).toEqual({ journalMode: 'wal', synchronous: 2 });
    expect((await open({ synchronous: 'NORMAL' })).durabilitySettings()).toEqual({ journalMode: 'wal', synchronous: 1 });
  });

  it('records the schema version in user_version and refuses a file from a newer program', async () => {
    const store = await open();
    await store.close();
    const inspector = new Database(filePath);
    expect(inspector.pragma('user_version', { simple: true })).toBe(schemaVersionLatest);
    inspector.pragma(`user_version = ${schemaVersionLatest + 1}`);
    inspector.close();
    await expect(SqliteEventStore.open({ filePath })).rejects.toThrow(/newer than this program/);
  });

  it('upgrades a file of the first schema version: drops its streams table and keeps appending at the right revisions', async () => {
    // A file as the first release wrote it: version 1, with the per-stream revision table.
    const first = await open();
    await first.appendToStream('upgraded', [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
    await first.close();
    rewriteAsSchemaVersion(1, "DROP TABLE unique_keys; CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID, STRICT; INSERT INTO streams VALUES ('upgraded', 1)");

    const upgraded = await open();
    const next = await upgraded.appendToStream('upgraded', [newEvent()], { expectedRevision: 1n });
    expect(next.nextRevision).toBe(2n);
    await upgraded.close();
    expectLatestSchema("SELECT count(*) FROM sqlite_master WHERE name = 'streams'", 0);
  });

  it('upgrades a file of the second schema version: adds the unique keys table, keeps every event and command, and takes keys', async () => {
    // A file as the second release wrote it: version 2, no unique keys table.
    const second = await open();
    const command = { commandId: uuidv7(), requestHash: 'hash-before-upgrade' };
    const before = await second.appendToStream('account-upgraded', [newEvent()], { expectedRevision: 'no_stream', command });
    await second.close();
    rewriteAsSchemaVersion(2, 'DROP TABLE unique_keys');

    const upgraded = await open();
    expect(await upgraded.findCommand(command.commandId, { streamId: 'account-upgraded' })).toEqual({
      commandId: command.commandId,
      requestHash: command.requestHash,
      streamId: 'account-upgraded',
      eventIds: before.eventIds,
      firstRevision: 0n,
      nextRevision: 0n,
      firstPosition: before.firstPosition,
      position: before.position,
      uniqueKeys: [],
    });
    const retry = await upgraded.appendToStream('account-upgraded', [newEvent()], { expectedRevision: 0n, command });
    expect(retry.duplicate).toBe(true);
    await upgraded.appendToStream('account-upgraded', [newEvent()], { expectedRevision: 0n, uniqueKeys: ['KBNN-2024-000001'] });
    await expect(upgraded.appendToStream('account-other', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-2024-000001'] })).rejects.toBeInstanceOf(
      UniqueKeyTakenError,
    );
    await upgraded.close();
    expectLatestSchema('SELECT count(*) FROM unique_keys', 1);
  });

  it('checks command ids and event ids across the whole file, beyond what the port promises', async () => {
    // The port leaves both to the adapter; the embedded store refuses reuse anywhere, as it always has.
    const store = await open();
    const command = { commandId: uuidv7(), requestHash: 'hash-1' };
    const event = newEvent();
    await store.appendToStream('account-a', [event], { expectedRevision: 'no_stream', command });
    await expect(store.appendToStream('account-b', [newEvent()], { expectedRevision: 'no_stream', command: { ...command, requestHash: 'hash-2' } })).rejects.toBeInstanceOf(
      CommandIdConflictError,
    );
    await expect(store.appendToStream('account-b', [newEvent(), { ...event }], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await store.readStream('account-b')).toEqual([]);
  });

  it('commits concurrent appends together: fewer transactions than appends', async () => {
    const store = await open();
    const appendCount = 200;
    const before = store.stats();
    await Promise.all(
      Array.from({ length: appendCount }, (_, index) =>
        store.appendToStream(`group-${index}`, [newEvent()], { expectedRevision: 'no_stream' }),
      ),
    );
    const after = store.stats();
    expect(after.appendsAccepted - before.appendsAccepted).toBe(appendCount);
    expect(after.eventsAppended - before.eventsAppended).toBe(appendCount);
    const transactions = after.transactionsCommitted - before.transactionsCommitted;
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(transactions).toBeLessThan(appendCount);
  });

  it('checks appends of one batch in order: of two at the same revision, only the first wins', async () => {
    const store = await open();
    await store.appendToStream('account-1', [newEvent()], { expectedRevision: 'no_stream' });
    const first = newEvent();
    const second = newEvent();
    const transactionsBefore = store.stats().transactionsCommitted;

    const [winner, loser, follower] = await Promise.allSettled([
      store.appendToStream('account-1', [first], { expectedRevision: 0n }),
      store.appendToStream('account-1', [second], { expectedRevision: 0n }),
      // Issued in the same turn: sees the first append's revision within the same transaction.
      store.appendToStream('account-1', [newEvent()], { expectedRevision: 1n }),
    ]);

    expect(store.stats().transactionsCommitted - transactionsBefore).toBe(1);
    expect(winner.status === 'fulfilled' && winner.value.nextRevision).toBe(1n);
    expect(loser.status === 'rejected' && loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(loser.status === 'rejected' && (loser.reason as WrongExpectedRevisionError).actualRevision).toBe(1n);
    expect(follower.status === 'fulfilled' && follower.value.nextRevision).toBe(2n);
    const stored = await store.readStream('account-1');
    expect(stored.map((event) => event.id)).not.toContain(second.id);
    expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it('keeps everything across a reopen of the file, and positions continue from the head', async () => {
    const store = await open();
    const command = { commandId: uuidv7(), requestHash: 'hash-1' };
    const appended = await store.appendToStream('program-1', [newEvent(), newEvent()], { expectedRevision: 'no_stream', command });
    await store.close();

    const reopened = await open();
    expect((await reopened.readStream('program-1')).map((event) => event.id)).toEqual(appended.eventIds);
    expect(await reopened.headPosition()).toBe(appended.position);
    expect((await reopened.findCommand(command.commandId))?.eventIds).toEqual(appended.eventIds);
    const next = await reopened.appendToStream('program-2', [newEvent()], { expectedRevision: 'no_stream' });
    expect(next.position).toBe(appended.position + 1n);
  });

  it('commits appends still queued when it is closed', async () => {
    const store = await open();
    const pending = store.appendToStream('queued-1', [newEvent()], { expectedRevision: 'no_stream' });
    await store.close();
    const result = await pending;

    const reopened = await open();
    expect((await reopened.readStream('queued-1')).map((event) => event.id)).toEqual(result.eventIds);
    await expect(store.appendToStream('queued-2', [newEvent()], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
  });

  it("delivers, through polling, events another instance appended to the same file", async () => {
    const writer = await open();
    const reader = await open();
    await writer.appendToStream('shared-1', [newEvent()], { expectedRevision: 'no_stream' });

    const recorder = new SubscriptionRecorder(reader.subscribeToAll());
    await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
    expect(recorder.events()).toHaveLength(1);

    const live = [newEvent(), newEvent()];
    await writer.appendToStream('shared-1', live, { expectedRevision: 0n });
    await recorder.waitFor('the events appended by the writer', () => recorder.events().length === 3);
    expect(recorder.events().slice(1).map((event) => event.id)).toEqual(live.map((event) => event.id));
    await recorder.subscription.close();
    await recorder.waitForEnd();
  });

  it("checks expected revisions against another instance's appends to the same stream", async () => {
    const first = await open();
    const second = await open();
    await first.appendToStream('shared-3', [newEvent()], { expectedRevision: 'no_stream' });
    await second.appendToStream('shared-3', [newEvent()], { expectedRevision: 0n });

    // The first instance last wrote revision 0 itself; it must not trust that memory now.
    const stale = await first.appendToStream('shared-3', [newEvent()], { expectedRevision: 0n }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect((stale as WrongExpectedRevisionError).actualRevision).toBe(1n);
    const next = await first.appendToStream('shared-3', [newEvent()], { expectedRevision: 1n });
    expect(next.nextRevision).toBe(2n);
    expect((await second.readStream('shared-3')).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it('refuses the whole batch when the write lock cannot be had, and writes on once it can', async () => {
    const lockedOut = await open({ busyTimeoutMs: 0 });
    await lockedOut.appendToStream('rolled-back', [newEvent()], { expectedRevision: 'no_stream' });
    // A second connection holds the write lock, so the next group commit fails as a whole.
    const locker = new Database(filePath);
    locker.exec('BEGIN IMMEDIATE');
    const failed = await lockedOut.appendToStream('rolled-back', [newEvent()], { expectedRevision: 0n }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    locker.exec('ROLLBACK');
    locker.close();

    const retried = await lockedOut.appendToStream('rolled-back', [newEvent()], { expectedRevision: 0n });
    expect(retried.nextRevision).toBe(1n);
    expect(lockedOut.stats().transactionsRolledBack).toBe(1);
  });

  it("wakes its subscriptions for another instance's events even when a read noticed them before the poll", async () => {
    const writer = await open();
    const reader = await open();
    const recorder = new SubscriptionRecorder(reader.subscribeToAll());
    await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);

    const event = newEvent();
    const appended = await writer.appendToStream('shared-2', [event], { expectedRevision: 'no_stream' });
    // Runs before any poll can: the reader learns of the new head through an ordinary read.
    expect(await reader.headPosition()).toBe(appended.position);
    await recorder.waitFor('the event appended by the writer', () => recorder.events().length === 1);
    expect(recorder.events()[0].id).toBe(event.id);
    await recorder.subscription.close();
  });

  it('closes with a live subscription while hundreds of appends are still queued (in a process of its own, since a hang would starve this one)', async () => {
    const script = join(__dirname, '..', '..', '..', 'test', 'support', 'sqlite-close-under-load.ts');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script], { cwd: join(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/^closed; [0-9]+ appended\n$/) });
  }, 120_000);

  it('ends its subscriptions when it is closed', async () => {
    const store = await open();
    const recorder = new SubscriptionRecorder(store.subscribeToAll());
    await recorder.waitFor('caught-up', () => recorder.caughtUpCount() === 1);
    await store.close();
    await recorder.waitForEnd();
  });

  it('keeps positions exact beyond 2^53', async () => {
    const store = await open();
    await store.appendToStream('big-1', [newEvent()], { expectedRevision: 'no_stream' });
    await store.close();
    // Moves the log far along, as decades of a busy ledger never would, to prove no position
    // passes through a double.
    const farPosition = 2n ** 53n + 10n;
    const editor = new Database(filePath);
    editor.prepare('UPDATE events SET position = ?').run(farPosition);
    editor.close();

    const reopened = await open();
    expect(await reopened.headPosition()).toBe(farPosition);
    const next = await reopened.appendToStream('big-2', [newEvent()], { expectedRevision: 'no_stream' });
    expect(next.position).toBe(farPosition + 1n);
    expect((await reopened.readAll({ fromPosition: farPosition })).map((event) => event.position)).toEqual([
      farPosition,
      farPosition + 1n,
    ]);
  });
});

function newEvent(): EventToAppend {
  return { id: uuidv7(), type: 'Noted', data: { note: 'ghi chú' }, metadata: {} };
}
