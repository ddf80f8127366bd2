import Database from 'better-sqlite3';
import type { CheckpointStore } from '@ledger/event-store';

/**
 * Checkpoints of subscribers in an embedded SQLite file, written durably. Kept apart from the
 * event file so the event store stays append-only.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;
  private readonly selectStatement: Database.Statement<[string], { position: bigint }>;
  private readonly upsertStatement: Database.Statement<[string, bigint]>;

  constructor(filePath: string) {
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (subscriber TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID');
    this.selectStatement = this.db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE subscriber = ?').safeIntegers(true);
    this.upsertStatement = this.db.prepare<[string, bigint]>(
      'INSERT INTO checkpoints (subscriber, position) VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position',
    );
  }

  async load(subscriberName: string): Promise<bigint | undefined> {
    return this.selectStatement.get(subscriberName)?.position;
  }

  async save(subscriberName: string, position: bigint): Promise<void> {
    this.upsertStatement.run(subscriberName, position);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
