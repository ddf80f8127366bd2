import type { LedgerConfig } from '@ledger/config';
import { exportToJsonLines, type ExportSummary } from '@ledger/event-store-migration';
import { openEmbeddedEventStore } from './migration-stores';

/** Writes every event and command record of the embedded store to `outputPath` as JSON Lines. */
export async function exportEvents(config: LedgerConfig, outputPath: string): Promise<ExportSummary> {
  const source = await openEmbeddedEventStore(config);
  try {
    return await exportToJsonLines(source, outputPath);
  } finally {
    await source.close();
  }
}
