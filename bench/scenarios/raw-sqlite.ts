import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodeEventData } from '@ledger/domain';
import { SqliteEventStore, walAutocheckpointPages, walSizeLimitBytes, writerChunkAppendCount } from '@ledger/event-store-sqlite';
import { childMain } from '../support/child-process';
import { peakRssMb, round } from '../support/driver';
import { seededRandom } from '../support/workload';

/**
 * The machine's own limits, measured with better-sqlite3 and nothing else:
 * `durable-insert` commits one event row per transaction (WAL, synchronous=FULL), which is what a
 * store without group commit can at best do; `read-parse` reads every event of a store file in
 * order and parses its JSON, which is what any rebuild must at least do; `batched-insert` writes
 * what the embedded store writes per command — the event row, its command record and, for four
 * commands in five (the disbursements), the voucher's unique key — into a file with the store's
 * own schema and indexes, `writerChunkAppendCount` commands per durable transaction: the storage
 * engine's limit for the ledger's rows, with no deciding, no queue and no thread hand-over.
 */
export type RawSqliteInput =
  | { readonly mode: 'durable-insert'; readonly warmupMs: number; readonly durationMs: number }
  | { readonly mode: 'batched-insert'; readonly warmupMs: number; readonly durationMs: number }
  | { readonly mode: 'read-parse'; readonly eventFile: string };

export interface DurableInsertOutput {
  readonly mode: 'durable-insert';
  readonly transactionsPerSecond: number;
  readonly transactions: number;
  readonly synchronous: number;
  readonly peakRssMb: number;
}

export interface BatchedInsertOutput {
  readonly mode: 'batched-insert';
  /** Commands' rows per second: one event row and one command record each, a unique key for four in five. */
  readonly appendsPerSecond: number;
  readonly transactionsPerSecond: number;
  readonly appendsPerTransaction: number;
  readonly appends: number;
  readonly synchronous: number;
  readonly peakRssMb: number;
}

export interface ReadParseOutput {
  readonly mode: 'read-parse';
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly megabytesRead: number;
  readonly peakRssMb: number;
}

const preparedRowCount = 4096;

/** Event data and metadata as the ledger stores a disbursement's, encoded beforehand. */
function preparedRows(): { readonly data: string; readonly metadata: string }[] {
  const random = seededRandom(7);
  return Array.from({ length: preparedRowCount }, (_, index) => ({
    data: JSON.stringify(
      encodeEventData({
        type: 'FundsDisbursed',
        data: { disbursementId: `0190f0a0-0000-7000-8000-${String(index).padStart(12, '0')}`, amountVnd: BigInt(Math.floor(random() * 1e7)), voucherRef: `raw-${index}`, disbursedOn: '2024-06-15' },
      }),
    ),
    metadata: JSON.stringify({ commandId: `raw-${index}`, correlationId: `raw-${index}`, causationId: `raw-${index}`, actor: { id: 'bench', role: 'operator', jurisdiction: null }, decisionRef: null, effectiveDate: '2024-06-15', recordedAt: new Date().toISOString(), schemaVersion: 1 }),
  }));
}

function durableInsert(warmupMs: number, durationMs: number): DurableInsertOutput {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-raw-'));
  const database = new Database(join(dir, 'raw.sqlite'));
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    // The same row as the ledger's events table, so the bytes per commit are alike.
    database.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream_id, revision)) STRICT`);
    const insert = database.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Rows are prepared beforehand: the loop measures the insert and the commit, not JSON encoding.
    const rows = preparedRows();
    let sequence = 0;
    const insertOne = database.transaction(() => {
      sequence += 1;
      const row = rows[sequence % preparedRowCount];
      insert.run(`raw-event-${sequence}`, `account-DTTS.2024.${sequence % 1440}.DTPT.NSTW._`, sequence, 'FundsDisbursed', row.data, row.metadata, Date.now());
    });
    const warmupEndMs = performance.now() + warmupMs;
    while (performance.now() < warmupEndMs) insertOne();
    const startedMs = performance.now();
    const before = sequence;
    while (performance.now() - startedMs < durationMs) insertOne();
    const elapsedMs = performance.now() - startedMs;
    const transactions = sequence - before;
    return {
      mode: 'durable-insert',
      transactionsPerSecond: round((transactions * 1000) / elapsedMs, 1),
      transactions,
      synchronous: Number(database.pragma('synchronous', { simple: true })),
      peakRssMb: peakRssMb(),
    };
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One in five commands of the workload is an allocation, which takes no voucher. */
const allocationEvery = 5;

async function batchedInsert(warmupMs: number, durationMs: number): Promise<BatchedInsertOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-raw-batched-'));
  const filePath = join(dir, 'events.sqlite');
  // The store makes the file: the same tables, keys and indexes as the ledger writes into.
  await (await SqliteEventStore.open({ filePath, writer: 'inline' })).close();
  const database = new Database(filePath);
  try {
    // The writer's own settings (see libs/event-store-sqlite's batch writer).
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma(`wal_autocheckpoint = ${walAutocheckpointPages}`);
    database.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
    const insertEvent = database.prepare(
      'INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
    );
    const insertCommand = database.prepare(
      'INSERT INTO commands (command_id, request_hash, stream_id, event_ids, first_revision, next_revision, first_position, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (command_id) DO NOTHING',
    );
    const insertUniqueKey = database.prepare('INSERT INTO unique_keys (key, stream_id, command_id, event_id, position, key_index) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING');
    const rows = preparedRows();
    const hash = 'a'.repeat(64);
    const revisions = new Map<string, number>();
    let sequence = 0;
    const writeChunk = database.transaction(() => {
      for (let index = 0; index < writerChunkAppendCount; index += 1) {
        sequence += 1;
        const row = rows[sequence % preparedRowCount];
        const streamId = `account-DTTS.2024.${sequence % 1440}.DTPT.NSTW._`;
        const revision = (revisions.get(streamId) ?? -1) + 1;
        revisions.set(streamId, revision);
        const eventId = `raw-event-${sequence}`;
        const commandId = `raw-command-${sequence}`;
        insertEvent.run(sequence, eventId, streamId, revision, 'FundsDisbursed', row.data, row.metadata, Date.now());
        insertCommand.run(commandId, hash, streamId, JSON.stringify([eventId]), revision, revision, sequence, sequence);
        if (sequence % allocationEvery !== 0) insertUniqueKey.run(`voucher:raw-${sequence}`, streamId, commandId, eventId, sequence, 0);
      }
    });
    const warmupEndMs = performance.now() + warmupMs;
    while (performance.now() < warmupEndMs) writeChunk();
    const startedMs = performance.now();
    const before = sequence;
    let transactions = 0;
    while (performance.now() - startedMs < durationMs) {
      writeChunk();
      transactions += 1;
    }
    const elapsedMs = performance.now() - startedMs;
    const appends = sequence - before;
    return {
      mode: 'batched-insert',
      appendsPerSecond: round((appends * 1000) / elapsedMs, 1),
      transactionsPerSecond: round((transactions * 1000) / elapsedMs, 1),
      appendsPerTransaction: writerChunkAppendCount,
      appends,
      synchronous: Number(database.pragma('synchronous', { simple: true })),
      peakRssMb: peakRssMb(),
    };
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readParse(eventFile: string): ReadParseOutput {
  const database = new Database(eventFile, { readonly: true });
  try {
    const rows = database.prepare('SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at FROM events ORDER BY position').safeIntegers();
    const startedMs = performance.now();
    let events = 0;
    let bytes = 0;
    let checksum = 0;
    for (const row of rows.iterate() as IterableIterator<{ type: string; data: string; metadata: string }>) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      // Touch what was parsed so the work cannot be skipped.
      checksum += Object.keys(data).length + Object.keys(metadata).length;
      bytes += row.data.length + row.metadata.length;
      events += 1;
    }
    const seconds = (performance.now() - startedMs) / 1000;
    if (checksum === 0 && events > 0) throw new Error('parsed nothing');
    return { mode: 'read-parse', events, seconds: round(seconds, 3), eventsPerSecond: round(events / seconds, 0), megabytesRead: round(bytes / 1e6, 1), peakRssMb: peakRssMb() };
  } finally {
    database.close();
  }
}

async function run(input: RawSqliteInput): Promise<DurableInsertOutput | BatchedInsertOutput | ReadParseOutput> {
  if (input.mode === 'durable-insert') return durableInsert(input.warmupMs, input.durationMs);
  if (input.mode === 'batched-insert') return batchedInsert(input.warmupMs, input.durationMs);
  return readParse(input.eventFile);
}

if (require.main === module) childMain(run);
