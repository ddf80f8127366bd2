import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventHash, hashLinkOf, linkEvents } from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import type { JsonObject } from '@ledger/event-store';
import { runCliInProcess } from '../../support/cli-in-process';

/*
 * Tampering with the embedded store's file behind the ledger's back — the way someone with the
 * file and a SQLite shell would — and `audit verify` finding each change, naming the position and
 * the stream of the first event that no longer holds, and exiting 1. The demo's history is made
 * once; each case works on a copy of it.
 */

jest.setTimeout(120_000);

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
}

interface Break {
  kind: string;
  position: string;
  streamId: string;
}

const pristine = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
const copies: string[] = [];

beforeAll(async () => {
  const demo = await runCliInProcess(pristine, ['demo']);
  expect(demo.exitCode).toBe(0);
});

afterAll(() => {
  for (const dir of [pristine, ...copies]) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the demo's event file in a data folder of its own. */
function copyOfStore(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-tamper-copy-'));
  copies.push(dir);
  for (const name of readdirSync(pristine)) if (name.startsWith('events.sqlite')) copyFileSync(join(pristine, name), join(dir, name));
  return dir;
}

function tamper<T>(dir: string, change: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'events.sqlite'));
  try {
    return change(db);
  } finally {
    db.close();
  }
}

async function verify(dir: string, extra: readonly string[] = []): Promise<{ exitCode: number | null; firstBreak: Break | null; breaks: Break[]; digestMatches: boolean | null; text: string }> {
  const run = await runCliInProcess(dir, ['audit', 'verify', '--json', ...extra]);
  const report = JSON.parse(run.stdout) as { chain: { firstBreak: Break | null; breaks: Break[] }; digest: { matches: boolean } | null };
  return { exitCode: run.exitCode, firstBreak: report.chain.firstBreak, breaks: report.chain.breaks, digestMatches: report.digest?.matches ?? null, text: run.stdout };
}

/** An account event with an amount, in the middle of a stream of three events or more. */
function middleEvent(db: Database.Database): EventRow {
  const row = db
    .prepare(
      `SELECT e.* FROM events e WHERE e.stream_id LIKE 'account-%' AND json_extract(e.data, '$.amountVnd') IS NOT NULL AND e.revision = 1
         AND (SELECT count(*) FROM events o WHERE o.stream_id = e.stream_id) >= 3 ORDER BY e.position LIMIT 1`,
    )
    .get() as EventRow | undefined;
  if (!row) throw new Error('the demo has no stream of three account events');
  return row;
}

function eventAt(db: Database.Database, streamId: string, revision: number): EventRow {
  return db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as EventRow;
}

/**
 * A copy of the store changed around its middle event: the folder, that event, and the event after
 * it in its stream (both as they were before the change).
 */
function tamperedCopy(change: (db: Database.Database, target: EventRow, next: EventRow) => void): { dir: string; target: EventRow; next: EventRow } {
  const dir = copyOfStore();
  return tamper(dir, (db) => {
    const target = middleEvent(db);
    const next = eventAt(db, target.stream_id, target.revision + 1);
    change(db, target, next);
    return { dir, target, next };
  });
}

const expectBreak = (found: Awaited<ReturnType<typeof verify>>, expected: { kind: string; position: number; streamId: string }) => {
  expect(found.exitCode).toBe(1);
  expect(found.firstBreak && { kind: found.firstBreak.kind, position: String(found.firstBreak.position), streamId: found.firstBreak.streamId }).toEqual({ ...expected, position: String(expected.position) });
};

describe('audit verify on a store changed behind the ledger’s back', () => {
  it('verifies the untouched store clean (exit 0)', async () => {
    const found = await verify(copyOfStore());
    expect(found).toMatchObject({ exitCode: 0, firstBreak: null, breaks: [] });
  });

  it('finds an edited amount', async () => {
    const { dir, target } = tamperedCopy((db, middle) => {
      db.prepare(`UPDATE events SET data = json_set(data, '$.amountVnd', '1') WHERE position = ?`).run(middle.position);
    });
    expectBreak(await verify(dir), { kind: 'content-changed', position: target.position, streamId: target.stream_id });
    const text = await runCliInProcess(dir, ['audit', 'verify']);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain(`BROKEN: 1 break(s); the first at position ${target.position} in stream ${target.stream_id}`);
  });

  it('finds edited metadata (who acted)', async () => {
    const { dir, target } = tamperedCopy((db, middle) => {
      db.prepare(`UPDATE events SET metadata = json_set(metadata, '$.actor.id', 'someone-else') WHERE position = ?`).run(middle.position);
    });
    expectBreak(await verify(dir), { kind: 'content-changed', position: target.position, streamId: target.stream_id });
  });

  it('finds a deleted row at the next event of its stream', async () => {
    const { dir, next } = tamperedCopy((db, target) => {
      db.prepare('DELETE FROM events WHERE position = ?').run(target.position);
    });
    expectBreak(await verify(dir), { kind: 'revision-gap', position: next.position, streamId: next.stream_id });
  });

  it('finds an inserted row, with a link copied from another event or with none', async () => {
    let copied!: EventRow;
    let bare!: EventRow;
    const { dir } = tamperedCopy((db, target) => {
      const last = db.prepare('SELECT max(position) AS position FROM events').get() as { position: number };
      const tail = db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?').get(target.stream_id) as { revision: number };
      // A payment that never was, carrying a real event's link, then one with no link at all.
      copied = { ...target, position: last.position + 1, event_id: '0190a1b2-0000-7000-8000-00000000aaaa', revision: tail.revision + 1 };
      const metadata = JSON.parse(target.metadata) as JsonObject;
      delete metadata.hashLink;
      bare = { ...target, position: last.position + 2, event_id: '0190a1b2-0000-7000-8000-00000000bbbb', revision: tail.revision + 2, metadata: JSON.stringify(metadata) };
      const insert = db.prepare('INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (@position, @event_id, @stream_id, @revision, @type, @data, @metadata, @recorded_at)');
      insert.run(copied);
      insert.run(bare);
    });
    const found = await verify(dir);
    expectBreak(found, { kind: 'content-changed', position: copied.position, streamId: copied.stream_id });
    expect(found.breaks).toHaveLength(1);
  });

  it('finds two events of a stream swapped in the global order', async () => {
    const { dir, target: first } = tamperedCopy((db, target, second) => {
      const swap = db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(target.position);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(target.position, second.position);
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(second.position);
      });
      swap();
    });
    expectBreak(await verify(dir), { kind: 'revision-gap', position: first.position, streamId: first.stream_id });
  });

  it('finds an edit whose own hash was recomputed, at the next event of its stream', async () => {
    const { dir, next } = tamperedCopy((db, target) => {
      const data = { ...(JSON.parse(target.data) as JsonObject), amountVnd: '1' };
      const metadata = JSON.parse(target.metadata) as JsonObject;
      const link = hashLinkOf(metadata);
      if (!link) throw new Error('the demo wrote an event without a link');
      const hash = eventHash({ streamId: target.stream_id, revision: BigInt(target.revision), id: target.event_id, type: target.type, data, metadata }, link.previousHash);
      db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(data), JSON.stringify({ ...metadata, hashLink: { ...link, hash } }), target.position);
    });
    expectBreak(await verify(dir), { kind: 'previous-mismatch', position: next.position, streamId: next.stream_id });
  });
});

describe('digests against tampering', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'ledger-tamper-key-'));
  copies.push(keyDir);
  const keyEnv = { LEDGER_AUDIT_SIGNING_KEY_FILE: join(keyDir, 'digest.key') };

  beforeAll(async () => {
    const created = await runCliInProcess(keyDir, ['audit', 'create-signing-key', '--out', join(keyDir, 'digest.key'), '--public-out', join(keyDir, 'digest.pub')]);
    expect(created.exitCode).toBe(0);
  });

  async function digestOf(dir: string): Promise<string> {
    const file = join(dir, 'digest.json');
    const made = await runCliInProcess(dir, ['audit', 'digest', '--out', file], keyEnv);
    expect({ exitCode: made.exitCode, stderr: made.stderr }).toEqual({ exitCode: 0, stderr: expect.any(String) });
    expect(existsSync(file)).toBe(true);
    return file;
  }

  it('still verifies after events are appended after its position, and fails once an event before it changes', async () => {
    const dir = copyOfStore();
    const digest = await digestOf(dir);
    const withKey = ['--digest', digest, '--public-key', join(keyDir, 'digest.pub')];

    // Appended through the store, linked as the ledger links: the digest's events are unchanged.
    const store = await SqliteEventStore.open({ filePath: join(dir, 'events.sqlite'), writer: 'inline' });
    try {
      const linked = linkEvents({ streamId: 'audit-test-appended', revision: -1n, lastHash: null }, [
        { id: '0190a1b2-0000-7000-8000-00000000cccc', type: 'TestNoted', data: { note: 'after the digest' }, metadata: { schemaVersion: 1, recordedAt: new Date(0).toISOString() } },
      ]);
      await store.appendToStream('audit-test-appended', linked.events, { expectedRevision: 'no_stream' });
    } finally {
      await store.close();
    }
    expect(await verify(dir, withKey)).toMatchObject({ exitCode: 0, firstBreak: null, digestMatches: true });

    tamper(dir, (db) => {
      db.prepare(`UPDATE events SET data = json_set(data, '$.amountVnd', '2') WHERE position = ?`).run(middleEvent(db).position);
    });
    const found = await verify(dir, withKey);
    expect({ exitCode: found.exitCode, digestMatches: found.digestMatches }).toEqual({ exitCode: 1, digestMatches: false });
    expect(found.text).toContain('"matches": false');
  });

  it('fails when the digest file itself was changed', async () => {
    const dir = copyOfStore();
    const digest = await digestOf(dir);
    const parsed = JSON.parse(readFileSync(digest, 'utf8')) as { eventCount: number };
    writeFileSync(digest, JSON.stringify({ ...parsed, eventCount: parsed.eventCount - 1 }));
    const run = await runCliInProcess(dir, ['audit', 'verify', '--digest', digest]);
    expect(run.exitCode).toBe(1);
  });
});
