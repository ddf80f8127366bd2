import { Client, type QueryConfig } from 'pg';

/**
 * One projector at a time. Several API processes may serve queries from one PostgreSQL read store,
 * but only the holder of this lease runs the projection runner: the others wait in `acquire()` and
 * take over when the holder releases it or dies.
 *
 * A second writer would not corrupt the read models (every batch moves its checkpoint with a
 * compare-and-set, so a batch is applied once), but two runners would keep colliding and rolling
 * back; the lease keeps that from happening.
 */
export interface ProjectorLease {
  /** Resolves once this process holds the lease; rejects with the signal's reason if it is aborted first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Gives the lease up; another process waiting in `acquire()` gets it. Does nothing when not held. */
  release(): Promise<void>;
  /**
   * Called once each time a held lease is lost without `release()` (its connection died): another
   * process may be projecting already, so stop projecting at once. Returns a function that unsubscribes.
   */
  onLost(listener: (error: ProjectorLeaseLostError) => void): () => void;
  readonly held: boolean;
}

export class ProjectorLeaseLostError extends Error {
  override readonly name = 'ProjectorLeaseLostError';
  constructor(readonly lockName: string, cause: unknown) {
    super(`the projector lease ${lockName} was lost: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface PostgresProjectorLeaseOptions {
  /** The read store's database (advisory locks are per database). */
  readonly connectionString: string;
  /** Processes projecting into the same database must use the same name. */
  readonly lockName?: string;
  /** A wait for the lock is one statement of at most this long, so an abort is seen within it. */
  readonly waitSliceMs?: number;
  /** How often a held lease checks its connection, and how long the check may take. */
  readonly heartbeatIntervalMs?: number;
  readonly heartbeatTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

export const projectorLockNameDefault = 'ledger-projector';
export const leaseWaitSliceMsDefault = 1_000;
export const leaseHeartbeatIntervalMsDefault = 5_000;
export const leaseHeartbeatTimeoutMsDefault = 5_000;
export const leaseConnectTimeoutMsDefault = 10_000;

/** TCP keepalive probes the server sends on the lease's connection: after `idle` quiet seconds, every `interval` seconds, `count` unanswered at most. */
const keepaliveIdleSeconds = 10;
const keepaliveIntervalSeconds = 5;
const keepaliveProbesMax = 3;
export const deadPeerDetectionSeconds = keepaliveIdleSeconds + keepaliveIntervalSeconds * keepaliveProbesMax;

/** PostgreSQL's SQLSTATE for a lock wait that ran past `lock_timeout`. */
const lockNotAvailable = '55P03';

type LeaseState = 'idle' | 'acquiring' | 'held' | 'releasing';

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/**
 * The lease as a session-level advisory lock, `pg_advisory_lock(hashtext(lockName))`, taken on a
 * connection of its own that is kept for as long as the lease is held. PostgreSQL frees the lock
 * when that session ends, so a process that dies or loses its connection loses the lease, and a
 * waiting process gets it. This process notices the loss through the connection's error, or at the
 * latest through the next heartbeat, and tells `onLost` listeners.
 */
export class PostgresProjectorLease implements ProjectorLease {
  readonly lockName: string;
  private readonly waitSliceMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly listeners = new Set<(error: ProjectorLeaseLostError) => void>();
  private state: LeaseState = 'idle';
  private client: Client | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private heartbeatInFlight = false;

  constructor(private readonly options: PostgresProjectorLeaseOptions) {
    this.lockName = options.lockName ?? projectorLockNameDefault;
    this.waitSliceMs = positiveInteger('waitSliceMs', options.waitSliceMs ?? leaseWaitSliceMsDefault);
    this.heartbeatIntervalMs = positiveInteger('heartbeatIntervalMs', options.heartbeatIntervalMs ?? leaseHeartbeatIntervalMsDefault);
    this.heartbeatTimeoutMs = positiveInteger('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? leaseHeartbeatTimeoutMsDefault);
    this.connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs ?? leaseConnectTimeoutMsDefault);
  }

  get held(): boolean {
    return this.state === 'held';
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.state !== 'idle') throw new Error(`the projector lease ${this.lockName} is ${this.state === 'held' ? 'already held' : this.state}`);
    signal?.throwIfAborted();
    this.state = 'acquiring';
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.connectTimeoutMs,
      keepAlive: true,
      fallback_application_name: `program-ledger projector lease (${this.lockName})`,
    });
    this.client = client;
    client.on('error', (error) => this.connectionFailed(client, error));
    client.on('end', () => this.connectionFailed(client, new Error('the connection was closed')));
    // Closing the connection ends a wait at once; the server gives up the waiting statement within a slice.
    const abort = (): void => void client.end().catch(() => undefined);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await client.connect();
      // The server also probes this connection, so a holder cut off by the network loses the lock
      // within about `deadPeerDetectionSeconds` instead of the operating system's two hours.
      await client.query(
        "select set_config('lock_timeout', $1, false), set_config('tcp_keepalives_idle', $2, false), set_config('tcp_keepalives_interval', $3, false), set_config('tcp_keepalives_count', $4, false)",
        [`${this.waitSliceMs}ms`, String(keepaliveIdleSeconds), String(keepaliveIntervalSeconds), String(keepaliveProbesMax)],
      );
      for (;;) {
        signal?.throwIfAborted();
        try {
          await client.query('select pg_advisory_lock(hashtext($1))', [this.lockName]);
          break;
        } catch (error) {
          if ((error as { code?: unknown }).code !== lockNotAvailable) throw error;
        }
      }
      // Aborted just as the lock was granted: the connection is closing, and with it the lock.
      signal?.throwIfAborted();
      this.state = 'held';
      this.heartbeat = setInterval(() => void this.checkConnection(client), this.heartbeatIntervalMs);
      // The lease must not keep a process alive on its own: its owner stops the work and releases it.
      this.heartbeat.unref();
    } catch (error) {
      this.state = 'idle';
      this.client = undefined;
      await client.end().catch(() => undefined);
      if (signal?.aborted) throw signal.reason;
      throw error;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  async release(): Promise<void> {
    if (this.state !== 'held') return;
    const client = this.client as Client;
    this.state = 'releasing';
    this.stopHeartbeat();
    // Ending the session frees the lock in any case: the unlock only says so first, and a
    // connection that fails now has given the lock up already.
    await client.query('select pg_advisory_unlock(hashtext($1))', [this.lockName]).catch(() => undefined);
    this.client = undefined;
    this.state = 'idle';
    await client.end().catch(() => undefined);
  }

  onLost(listener: (error: ProjectorLeaseLostError) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async checkConnection(client: Client): Promise<void> {
    if (this.heartbeatInFlight || this.client !== client || this.state !== 'held') return;
    this.heartbeatInFlight = true;
    try {
      // node-postgres honours a per-query `query_timeout`; its type declarations do not list it.
      const check: QueryConfig & { readonly query_timeout: number } = { text: 'select 1', query_timeout: this.heartbeatTimeoutMs };
      await client.query(check);
    } catch (error) {
      this.connectionFailed(client, error);
    } finally {
      this.heartbeatInFlight = false;
    }
  }

  private connectionFailed(client: Client, error: unknown): void {
    if (this.client !== client || this.state !== 'held') return;
    this.stopHeartbeat();
    this.client = undefined;
    this.state = 'idle';
    void client.end().catch(() => undefined);
    const lost = new ProjectorLeaseLostError(this.lockName, error);
    for (const listener of [...this.listeners]) listener(lost);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
