import { Pool } from 'pg';
import type { CheckpointStore } from '@ledger/event-store';

export interface PostgresCheckpointStoreOptions {
  /** The read store's database: the checkpoints of subscribers live beside the read models. */
  readonly connectionString: string;
  readonly connectTimeoutMs?: number;
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

  private closing: Promise<void> | undefined;

  async close(): Promise<void> {
    this.closing ??= this.pool.end();
    await this.closing;
  }
}
