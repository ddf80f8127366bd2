import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import { verifyMigration, type MigrationReport } from '@ledger/event-store-migration';
import { openEmbeddedEventStore, openTargetEventStore } from './migration-stores';

/** Compares the embedded store with the target: event and command counts, per-stream hashes. */
export async function verifyMigrationTo(config: LedgerConfig, to: EventStoreLocation): Promise<MigrationReport> {
  const target = await openTargetEventStore(to);
  try {
    const source = await openEmbeddedEventStore(config);
    try {
      return await verifyMigration(source, target);
    } finally {
      await source.close();
    }
  } finally {
    await target.close();
  }
}
