import { existsSync, mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LedgerMetrics } from '@ledger/operations';
import type { LedgerConfig } from '@ledger/config';
import type { CheckpointStore, EventStore } from '@ledger/event-store';
import { EsdbEventStore, type RetryPolicy } from '@ledger/event-store-esdb';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';
import { EventStoreEventSource, type ProjectionEventSource, type ReadSideOptions, type ReadStore, type RebuildWorkerResources } from '@ledger/read-models';
import { LeasedProjector, PostgresCheckpointStore, PostgresProjectorLease, PostgresReadStore } from '@ledger/read-models-postgres';
import { openSqliteReadStore, SqliteEventFileSource } from '@ledger/read-models-sqlite';

export interface LedgerStoresOptions {
  /** Open the read store and the projections' event source (the API and the projector do; most CLI commands do not). */
  readonly readModels: boolean;
  /** The app's metrics; a new registry when not given. */
  readonly metrics?: LedgerMetrics;
  /** How the EventStoreDB client rides out a lost connection (tests shorten the delays). */
  readonly eventStoreRetry?: { readonly retry?: RetryPolicy; readonly subscriptionReconnect?: RetryPolicy };
}

export interface LedgerStores {
  readonly metrics: LedgerMetrics;
  /** The event store adapter; `LedgerModule` measures it with `metrics` (`InstrumentedEventStore`). */
  readonly eventStore: EventStore;
  /** Where the transfer process manager keeps its position. */
  readonly checkpointStore: CheckpointStore;
  /** For `LedgerModule.forRoot({ readModels })`, when asked for. */
  readonly readModels: ReadSideOptions | undefined;
  /** Where the stores are, passwords hidden, for the start-up log line. */
  readonly description: string;
}

/**
 * Opens the stores the configuration names, in one place for every app:
 * - events: the embedded SQLite file, or EventStoreDB;
 * - read models: the embedded SQLite read store, or PostgreSQL (with the projector lease, so one
 *   process of many projects);
 * - the projections' event source: a bulk reader of the SQLite file when the events are embedded,
 *   else the event store itself;
 * - the process manager's checkpoints: a SQLite file beside the embedded stores, or a table in the
 *   PostgreSQL read store's database.
 * If one fails to open, those already open are closed.
 */
export async function openLedgerStores(config: LedgerConfig, options: LedgerStoresOptions): Promise<LedgerStores> {
  const metrics = options.metrics ?? new LedgerMetrics();
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    if (config.eventStore.kind === 'sqlite' || config.readStore.kind === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
    const eventStore: EventStore =
      config.eventStore.kind === 'sqlite'
        ? await SqliteEventStore.open({
            filePath: config.eventStore.filePath,
            synchronous: config.sqliteSynchronous,
            writer: config.sqliteWriter,
          })
        : // The store checks at open that the server answers and that its user may read $all and
          // write streams, so a deployment missing credentials, rights or its CA fails here with
          // a message naming what is missing (and never the password), not on the first command.
          await EsdbEventStore.open({ connectionString: config.eventStore.connectionString, verifyAccess: true, ...options.eventStoreRetry });
    opened.push(eventStore);

    const checkpointStore =
      config.readStore.kind === 'postgres'
        ? await PostgresCheckpointStore.open({ connectionString: config.readStore.connectionString })
        : new SqliteCheckpointStore(join(config.dataDir, 'checkpoints.sqlite'));
    opened.push(checkpointStore);

    let readModels: ReadSideOptions | undefined;
    if (options.readModels) {
      const store: ReadStore =
        config.readStore.kind === 'postgres'
          ? await PostgresReadStore.open({ connectionString: config.readStore.connectionString })
          : await openSqliteReadStore({ filePath: config.readStore.filePath });
      opened.push(store);
      const source: ProjectionEventSource = config.eventStore.kind === 'sqlite' ? new SqliteEventFileSource(config.eventStore.filePath) : new EventStoreEventSource(eventStore);
      const readStore = config.readStore;
      readModels = {
        store,
        source,
        runnerEnabled: config.projectionsEnabled,
        waitTimeoutMs: config.readYourWritesWaitMs,
        batchEventCountMax: config.projectionBatchEvents,
        leaseProjector:
          readStore.kind === 'postgres'
            ? (runner, onLost) => new LeasedProjector(new PostgresProjectorLease({ connectionString: readStore.connectionString }), runner, onLost)
            : undefined,
        rebuildWorker: rebuildWorkerResources(config, options),
      };
    }
    return { metrics, eventStore, checkpointStore, readModels, description: describeStores(config) };
  } catch (error) {
    for (const store of opened.reverse()) await store.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The module of one of this repository's libs, as a rebuild's worker thread loads it: beside this
 * file's lib in the sources (`libs/{name}/src/index.ts`) and in the build (`dist/libs/{name}/src/index.js`).
 */
function libraryIndex(name: string): string {
  const path = join(__dirname, '..', '..', name, 'src', `index${extname(__filename)}`);
  if (!existsSync(path)) throw new Error(`the ${name} lib is not at ${path}; a rebuild's thread could not open its stores`);
  return path;
}

/** What a rebuild's worker thread opens on its own: the same read store and event source as this process, through their adapters. */
function rebuildWorkerResources(config: LedgerConfig, options: LedgerStoresOptions): RebuildWorkerResources {
  const readStore =
    config.readStore.kind === 'postgres'
      ? { module: libraryIndex('read-models-postgres'), exportName: 'PostgresReadStore.open', options: { connectionString: config.readStore.connectionString } }
      : { module: libraryIndex('read-models-sqlite'), exportName: 'openSqliteReadStore', options: { filePath: config.readStore.filePath } };
  const eventSource =
    config.eventStore.kind === 'sqlite'
      ? { kind: 'event-source' as const, spec: { module: libraryIndex('read-models-sqlite'), exportName: 'openSqliteEventFileSource', options: { filePath: config.eventStore.filePath } } }
      : {
          kind: 'event-store' as const,
          spec: { module: libraryIndex('event-store-esdb'), exportName: 'EsdbEventStore.open', options: { connectionString: config.eventStore.connectionString, ...options.eventStoreRetry } },
        };
  return { readStore, eventSource };
}

export function describeStores(config: LedgerConfig): string {
  const events = config.eventStore.kind === 'sqlite' ? config.eventStore.filePath : config.eventStore.redacted;
  const reads = config.readStore.kind === 'sqlite' ? config.readStore.filePath : config.readStore.redacted;
  return `events: ${events}; read models: ${reads}`;
}
