import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { EsdbEventStore } from '@ledger/event-store-esdb';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { EventStoreEventSource, type ProjectionEventSource } from '@ledger/read-models';
import { SqliteEventFileSource } from '@ledger/read-models-sqlite';
import { openStore } from '../store-opening';

/** The event store an audit command reads, and how it reads every event in order. */
export interface AuditStores {
  readonly store: EventStore;
  /** Every event in global order: a bulk reader of the SQLite file, or the port's `readAll` on EventStoreDB. */
  readonly source: ProjectionEventSource;
  /** `sqlite` or `eventstoredb`, written into digests: positions are one store's own. */
  readonly kind: 'sqlite' | 'eventstoredb';
  readonly description: string;
}

/** Opens the store the configuration names, or the one given with `--store`; audit commands only read. */
export async function withAuditStores<T>(config: LedgerConfig, location: EventStoreLocation | undefined, work: (stores: AuditStores) => Promise<T>): Promise<T> {
  const target = location ?? config.eventStore;
  const description = target.kind === 'eventstoredb' ? `EventStoreDB at ${target.redacted}` : `the event store ${target.filePath}`;
  const store: EventStore =
    target.kind === 'eventstoredb'
      ? await openStore(description, () => EsdbEventStore.open({ connectionString: target.connectionString }))
      : await openStore(description, () => SqliteEventStore.open({ filePath: target.filePath, writer: 'inline' }));
  try {
    const source: ProjectionEventSource = target.kind === 'sqlite' ? await openStore(description, async () => new SqliteEventFileSource(target.filePath)) : new EventStoreEventSource(store);
    try {
      return await work({ store, source, kind: target.kind, description });
    } finally {
      await source.close();
    }
  } finally {
    await store.close();
  }
}
