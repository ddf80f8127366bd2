import { parseArgs } from 'node:util';
import { parseEventStoreUrl, type LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { EsdbEventStore } from '@ledger/event-store-esdb';
import { exportToJsonLines, importFromJsonLines, verifyMigration } from '@ledger/event-store-migration';
import { SqliteEventStore } from '@ledger/event-store-sqlite';

export const migrationUsage = `  export-events --out FILE                 export every event of the embedded store to JSON Lines
  import-events --in FILE --to URL         import a JSON Lines export into EventStoreDB (URL: esdb://…); safe to re-run
  verify-migration --to URL                compare the embedded store with EventStoreDB: counts and per-stream hashes`;

async function openStore(url: string): Promise<EventStore> {
  const location = parseEventStoreUrl(url);
  if (location.kind === 'eventstoredb') return EsdbEventStore.open({ connectionString: location.connectionString });
  return SqliteEventStore.open({ filePath: location.filePath });
}

/**
 * Moving from the embedded store to EventStoreDB: export, import, verify. Event ids, order within
 * streams, types, data and metadata are kept; global positions are the target's own, so read
 * models are rebuilt on the target afterwards.
 */
export async function runMigrationCommand(command: string, args: readonly string[], config: LedgerConfig, print: (line: string) => void): Promise<number | undefined> {
  if (command !== 'export-events' && command !== 'import-events' && command !== 'verify-migration') return undefined;
  const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' }, in: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if (command === 'export-events') {
    if (!values.out) throw new Error('export-events needs --out FILE');
    const source = await SqliteEventStore.open({ filePath: config.eventStoreFile });
    try {
      print(JSON.stringify(await exportToJsonLines(source, values.out), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2));
    } finally {
      await source.close();
    }
    return 0;
  }
  if (!values.to) throw new Error(`${command} needs --to URL (esdb://host:2113?tls=false)`);
  const target = await openStore(values.to);
  try {
    if (command === 'import-events') {
      if (!values.in) throw new Error('import-events needs --in FILE');
      print(JSON.stringify(await importFromJsonLines(values.in, target), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2));
      return 0;
    }
    const source = await SqliteEventStore.open({ filePath: config.eventStoreFile });
    try {
      const report = await verifyMigration(source, target);
      print(JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2));
      return report.matches ? 0 : 1;
    } finally {
      await source.close();
    }
  } finally {
    await target.close();
  }
}
