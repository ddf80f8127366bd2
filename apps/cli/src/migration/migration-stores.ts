import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { EsdbEventStore } from '@ledger/event-store-esdb';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { openStore } from '../store-opening';

/*
 * Moving from the embedded store to EventStoreDB: export, import, verify. Event ids, order within
 * streams, types, data and metadata are kept; global positions are the target's own, so read
 * models are rebuilt on the target afterwards.
 */

/** The store the migration starts from: the configured embedded file, whatever LEDGER_EVENT_STORE_URL says. */
export function openEmbeddedEventStore(config: LedgerConfig): Promise<EventStore> {
  return openStore(`the embedded event store ${config.eventStoreFile}`, () => SqliteEventStore.open({ filePath: config.eventStoreFile }));
}

export function openTargetEventStore(location: EventStoreLocation): Promise<EventStore> {
  if (location.kind === 'eventstoredb') return openStore(`EventStoreDB at ${location.redacted}`, () => EsdbEventStore.open({ connectionString: location.connectionString }));
  return openStore(`the event store ${location.filePath}`, () => SqliteEventStore.open({ filePath: location.filePath }));
}
