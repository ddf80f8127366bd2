import Database from 'better-sqlite3';
import { parkedListLimit, type CheckpointStore, type ParkedEvent } from '@ledger/event-store';

interface ParkedRow {
  key: string;
  position: bigint;
  code: string;
  reason: string;
  attempts: bigint;
  parked_at: string;
  last_attempt_at: string;
}

function parkedFromRow(row: ParkedRow): ParkedEvent {
  return {
    key: row.key,
    position: row.position,
    code: row.code,
    reason: row.reason,
    attempts: Number(row.attempts),
    parkedAt: row.parked_at,
    lastAttemptAt: row.last_attempt_at,
  };
}

/**
 * Checkpoints and parked events of subscribers in an embedded SQLite file, written durably. Kept
 * apart from the event file so the event store stays append-only.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;
  private readonly selectStatement: Database.Statement<[string], { position: bigint }>;
  private readonly upsertStatement: Database.Statement<[string, bigint]>;
  private readonly parkStatement: Database.Statement<[string, string, bigint, string, string, number, string, string]>;
  private readonly unparkStatement: Database.Statement<[string, string]>;
  private readonly listParkedStatement: Database.Statement<[string, bigint, number], ParkedRow>;
  private readonly findParkedStatement: Database.Statement<[string, string], ParkedRow>;
  private readonly countParkedStatement: Database.Statement<[string], { count: bigint }>;

  constructor(filePath: string) {
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (subscriber TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS parked_events (
        subscriber TEXT NOT NULL,
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        parked_at TEXT NOT NULL,
        last_attempt_at TEXT NOT NULL,
        PRIMARY KEY (subscriber, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS parked_events_by_position ON parked_events (subscriber, position);
    `);
    this.selectStatement = this.db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE subscriber = ?').safeIntegers(true);
    this.upsertStatement = this.db.prepare<[string, bigint]>(
      'INSERT INTO checkpoints (subscriber, position) VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position',
    );
    // A parked event keeps the time it was first parked; the rest describes the latest attempt.
    this.parkStatement = this.db.prepare(
      `INSERT INTO parked_events (subscriber, key, position, code, reason, attempts, parked_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (subscriber, key) DO UPDATE SET position = excluded.position, code = excluded.code, reason = excluded.reason,
         attempts = excluded.attempts, last_attempt_at = excluded.last_attempt_at`,
    );
    this.unparkStatement = this.db.prepare('DELETE FROM parked_events WHERE subscriber = ? AND key = ?');
    this.listParkedStatement = this.db
      .prepare<[string, bigint, number], ParkedRow>('SELECT * FROM parked_events WHERE subscriber = ? AND position > ? ORDER BY position, key LIMIT ?')
      .safeIntegers(true);
    this.findParkedStatement = this.db.prepare<[string, string], ParkedRow>('SELECT * FROM parked_events WHERE subscriber = ? AND key = ?').safeIntegers(true);
    this.countParkedStatement = this.db.prepare<[string], { count: bigint }>('SELECT count(*) AS count FROM parked_events WHERE subscriber = ?').safeIntegers(true);
  }

  async load(subscriberName: string): Promise<bigint | undefined> {
    return this.selectStatement.get(subscriberName)?.position;
  }

  async save(subscriberName: string, position: bigint): Promise<void> {
    this.upsertStatement.run(subscriberName, position);
  }

  async park(subscriberName: string, parked: ParkedEvent): Promise<void> {
    this.parkStatement.run(subscriberName, parked.key, parked.position, parked.code, parked.reason, parked.attempts, parked.parkedAt, parked.lastAttemptAt);
  }

  async unpark(subscriberName: string, key: string): Promise<boolean> {
    return this.unparkStatement.run(subscriberName, key).changes > 0;
  }

  async listParked(subscriberName: string, options: { readonly afterPosition?: bigint; readonly limit?: number } = {}): Promise<ParkedEvent[]> {
    return this.listParkedStatement.all(subscriberName, options.afterPosition ?? -1n, parkedListLimit(options.limit)).map(parkedFromRow);
  }

  async findParked(subscriberName: string, key: string): Promise<ParkedEvent | undefined> {
    const row = this.findParkedStatement.get(subscriberName, key);
    return row ? parkedFromRow(row) : undefined;
  }

  async countParked(subscriberName: string): Promise<number> {
    return Number(this.countParkedStatement.get(subscriberName)?.count ?? 0n);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
