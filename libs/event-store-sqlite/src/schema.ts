import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, indexed by the `PRAGMA user_version` they start from: migration 0 turns an
 * empty file into version 1, and so on. Only ever append to this list; a released migration
 * never changes, because files written by it exist.
 */
const migrations: ReadonlyArray<(database: Database) => void> = [
  (database) => {
    // STRICT tables refuse a value of the wrong type instead of silently storing it.
    // `position` is the rowid: the log's order, assigned by the writer inside its write lock.
    database.exec(`
      CREATE TABLE events (
        position INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        UNIQUE (stream_id, revision)
      ) STRICT;

      -- One row per stream so the expected-revision check is a single primary-key lookup.
      CREATE TABLE streams (
        stream_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL
      ) WITHOUT ROWID, STRICT;

      -- Written in the same transaction as the command's events: a retry finds it or finds nothing.
      CREATE TABLE commands (
        command_id TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        stream_id TEXT NOT NULL,
        event_ids TEXT NOT NULL,
        first_revision INTEGER NOT NULL,
        next_revision INTEGER NOT NULL,
        first_position INTEGER NOT NULL,
        position INTEGER NOT NULL
      ) WITHOUT ROWID, STRICT;
    `);
  },
  (database) => {
    // The writer now keeps each stream's revision in memory and reads `max(revision)` through the
    // (stream_id, revision) index on a miss, so this per-stream row, written on every append, is gone.
    database.exec('DROP TABLE streams');
  },
  (database) => {
    // Unique keys (a treasury voucher pays once in the whole ledger), taken in the same
    // transaction as the append that takes them: the primary key is the uniqueness check.
    // `key_index` keeps the order the append gave them in; the command's keys are found by
    // the partial index.
    database.exec(`
      CREATE TABLE unique_keys (
        key TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        command_id TEXT,
        event_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        key_index INTEGER NOT NULL
      ) WITHOUT ROWID, STRICT;
      CREATE INDEX unique_keys_by_command ON unique_keys (command_id, key_index) WHERE command_id IS NOT NULL;
    `);
  },
];

export const schemaVersionLatest = migrations.length;

/**
 * Brings the file to the latest schema. The write lock is taken first (IMMEDIATE) so two
 * processes opening a new file at once cannot both run a migration.
 */
export function migrate(database: Database): void {
  database
    .transaction(() => {
      const version = database.pragma('user_version', { simple: true }) as number;
      if (version > schemaVersionLatest) {
        throw new Error(
          `the event store file has schema version ${version}, newer than this program's ${schemaVersionLatest}; upgrade the program`,
        );
      }
      for (let from = version; from < schemaVersionLatest; from++) migrations[from](database);
      if (version !== schemaVersionLatest) database.pragma(`user_version = ${schemaVersionLatest}`);
    })
    .immediate();
}
