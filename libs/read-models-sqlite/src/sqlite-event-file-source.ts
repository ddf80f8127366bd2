import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { JsonObject } from '@ledger/event-store';
import type { ProjectionEvent, ProjectionEventSource } from '@ledger/read-models';

const requiredColumns = ['position', 'event_id', 'stream_id', 'revision', 'type', 'data', 'metadata', 'recorded_at'];
type EventRow = [bigint, string, string, string, string, string, bigint, bigint];

/**
 * A bulk reader of the embedded event store's file for catch-up and rebuilds. It reads the same
 * committed events as `readAll`, through its own read-only connection, but returns rows as arrays
 * and builds only what projections need: on a million events that halves the cost of reading.
 *
 * It reads the `events` table of `@ledger/event-store-sqlite` directly, so it checks on opening
 * that the table has the columns it reads and refuses the file otherwise.
 */
export class SqliteEventFileSource implements ProjectionEventSource {
  private readonly database: SqliteDatabase;
  private readonly selectAfter: Statement<[bigint, number], EventRow>;
  private readonly selectHead: Statement<[], bigint | null>;

  constructor(filePath: string, busyTimeoutMs = 5_000) {
    this.database = new Database(filePath, { readonly: true, fileMustExist: true });
    try {
      this.database.pragma(`busy_timeout = ${busyTimeoutMs}`);
      const columns = new Set((this.database.pragma('table_info(events)') as { name: string }[]).map((column) => column.name));
      const missing = requiredColumns.filter((column) => !columns.has(column));
      if (missing.length > 0) throw new Error(`${filePath} is not an event store this reader knows: events lacks ${missing.join(', ')}`);
      this.selectAfter = this.database
        .prepare<[bigint, number], EventRow>('SELECT position, event_id, stream_id, type, data, metadata, recorded_at, revision FROM events WHERE position > ? ORDER BY position LIMIT ?')
        .raw(true)
        .safeIntegers(true);
      this.selectHead = this.database.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck().safeIntegers(true);
    } catch (error) {
      this.database.close();
      throw error;
    }
  }

  async readAfter(afterPosition: bigint, maxCount: number): Promise<readonly ProjectionEvent[]> {
    const rows = this.selectAfter.all(afterPosition, maxCount);
    const events: ProjectionEvent[] = new Array(rows.length);
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index];
      let data: JsonObject;
      let metadata: JsonObject;
      let unreadable = false;
      try {
        data = JSON.parse(row[4]) as JsonObject;
        metadata = JSON.parse(row[5]) as JsonObject;
      } catch {
        // A row another program wrote badly must not stop every read after it: the projections park it.
        data = {};
        metadata = {};
        unreadable = true;
      }
      const event: ProjectionEvent = { position: row[0], id: row[1], streamId: row[2], revision: row[7], type: row[3], recordedAt: new Date(Number(row[6])), data, metadata };
      events[index] = unreadable ? { ...event, unreadable } : event;
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    return this.selectHead.get() ?? -1n;
  }

  async close(): Promise<void> {
    if (this.database.open) this.database.close();
  }
}

/** Opens the bulk reader: the form a rebuild's worker thread opens its own event source in (see `WorkerResourceSpec`). */
export async function openSqliteEventFileSource(options: { readonly filePath: string; readonly busyTimeoutMs?: number }): Promise<SqliteEventFileSource> {
  return new SqliteEventFileSource(options.filePath, options.busyTimeoutMs);
}
