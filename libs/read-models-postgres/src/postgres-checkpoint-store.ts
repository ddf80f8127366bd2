import { Pool } from 'pg';
import { parkedListLimit, type CheckpointStore, type ParkedEvent } from '@ledger/event-store';

export interface PostgresCheckpointStoreOptions {
  /** The read store's database: the checkpoints of subscribers live beside the read models. */
  readonly connectionString: string;
  readonly connectTimeoutMs?: number;
}

interface ParkedRow {
  key: string;
  /** node-postgres reads bigint as a decimal string on this pool; it is converted exactly. */
  position: string;
  code: string;
  reason: string;
  attempts: number;
  parked_at: string;
  last_attempt_at: string;
}

function parkedFromRow(row: ParkedRow): ParkedEvent {
  return {
    key: row.key,
    position: BigInt(row.position),
    code: row.code,
    reason: row.reason,
    attempts: row.attempts,
    parkedAt: row.parked_at,
    lastAttemptAt: row.last_attempt_at,
  };
}

/** One connection is enough: a subscriber saves its checkpoint at most every few hundred milliseconds. */
const checkpointPoolSizeMax = 1;
const connectTimeoutMsDefault = 10_000;

/**
 * Checkpoints of event-store subscribers (the transfer process manager) in a PostgreSQL table,
 * `subscriber_checkpoints`, for deployments whose event store is not the embedded file. The table
 * is created on open; a save is one upsert, durable when it returns.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  private constructor(private readonly pool: Pool) {}

  static async open(options: PostgresCheckpointStoreOptions): Promise<PostgresCheckpointStore> {
    const pool = new Pool({
      connectionString: options.connectionString,
      max: checkpointPoolSizeMax,
      connectionTimeoutMillis: options.connectTimeoutMs ?? connectTimeoutMsDefault,
      application_name: 'program-ledger checkpoints',
    });
    try {
      await pool.query('CREATE TABLE IF NOT EXISTS subscriber_checkpoints (subscriber text PRIMARY KEY, position bigint NOT NULL)');
      await pool.query(`CREATE TABLE IF NOT EXISTS subscriber_parked_events (
        subscriber text NOT NULL, key text NOT NULL, position bigint NOT NULL, code text NOT NULL, reason text NOT NULL,
        attempts integer NOT NULL, parked_at text NOT NULL, last_attempt_at text NOT NULL, PRIMARY KEY (subscriber, key))`);
      await pool.query('CREATE INDEX IF NOT EXISTS subscriber_parked_events_by_position ON subscriber_parked_events (subscriber, position)');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresCheckpointStore(pool);
  }

  async load(subscriberName: string): Promise<bigint | undefined> {
    // node-postgres reads bigint as a decimal string on this pool; it is converted exactly.
    const result = await this.pool.query<{ position: string }>('SELECT position FROM subscriber_checkpoints WHERE subscriber = $1', [subscriberName]);
    return result.rows.length === 0 ? undefined : BigInt(result.rows[0].position);
  }

  async save(subscriberName: string, position: bigint): Promise<void> {
    await this.pool.query(
      'INSERT INTO subscriber_checkpoints (subscriber, position) VALUES ($1, $2) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position',
      [subscriberName, position.toString()],
    );
  }

  async park(subscriberName: string, parked: ParkedEvent): Promise<void> {
    // A parked event keeps the time it was first parked; the rest describes the latest attempt.
    await this.pool.query(
      `INSERT INTO subscriber_parked_events (subscriber, key, position, code, reason, attempts, parked_at, last_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (subscriber, key) DO UPDATE SET position = excluded.position, code = excluded.code, reason = excluded.reason,
         attempts = excluded.attempts, last_attempt_at = excluded.last_attempt_at`,
      [subscriberName, parked.key, parked.position.toString(), parked.code, parked.reason, parked.attempts, parked.parkedAt, parked.lastAttemptAt],
    );
  }

  async unpark(subscriberName: string, key: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM subscriber_parked_events WHERE subscriber = $1 AND key = $2', [subscriberName, key]);
    return (result.rowCount ?? 0) > 0;
  }

  async listParked(subscriberName: string, options: { readonly afterPosition?: bigint; readonly limit?: number } = {}): Promise<ParkedEvent[]> {
    const result = await this.pool.query<ParkedRow>(
      'SELECT * FROM subscriber_parked_events WHERE subscriber = $1 AND position > $2 ORDER BY position, key LIMIT $3',
      [subscriberName, (options.afterPosition ?? -1n).toString(), parkedListLimit(options.limit)],
    );
    return result.rows.map(parkedFromRow);
  }

  async findParked(subscriberName: string, key: string): Promise<ParkedEvent | undefined> {
    const result = await this.pool.query<ParkedRow>('SELECT * FROM subscriber_parked_events WHERE subscriber = $1 AND key = $2', [subscriberName, key]);
    return result.rows.length === 0 ? undefined : parkedFromRow(result.rows[0]);
  }

  async countParked(subscriberName: string): Promise<number> {
    const result = await this.pool.query<{ count: string }>('SELECT count(*) AS count FROM subscriber_parked_events WHERE subscriber = $1', [subscriberName]);
    return Number(result.rows[0].count);
  }

  private closing: Promise<void> | undefined;

  async close(): Promise<void> {
    this.closing ??= this.pool.end();
    await this.closing;
  }
}
