import type { EventStoreLocation } from '@ledger/config';
import { ExportFileError, importFromJsonLines, MigrationMismatchError, type ImportSummary } from '@ledger/event-store-migration';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';
import { openTargetEventStore } from './migration-stores';

/**
 * Appends an export to the target store. A file that is not a whole export, or a target that
 * already holds other events, is a problem found (exit 1), not a store failure.
 */
export async function importEvents(inputPath: string, to: EventStoreLocation): Promise<ImportSummary> {
  const target = await openTargetEventStore(to);
  try {
    return await importFromJsonLines(inputPath, target);
  } catch (error) {
    if (error instanceof ExportFileError || error instanceof MigrationMismatchError) throw new CommandLineFailure(exitCodes.problemFound, error.message, { cause: error });
    throw error;
  } finally {
    await target.close();
  }
}
