import type { LedgerConfig } from '@ledger/config';
import { RegistryService, type ImportSummary } from '@ledger/registry';
import { readLocalityFile, type LocalityFileFormat, type LocalityImport } from '@ledger/registry-import';
import { createLedgerContext } from '../cli.context';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';

/** The decision each official list carries into the registry, and the day it takes effect. */
const decisionOf: Record<LocalityFileFormat, { readonly decisionRef: string; readonly effectiveDate: string }> = {
  'pre-2025': { decisionRef: 'GSO administrative units (Resolution 1365/NQ-UBTVQH15)', effectiveDate: '2025-03-01' },
  'post-2025': { decisionRef: 'Decision 19/2025/QĐ-TTg', effectiveDate: '2025-07-01' },
};

/**
 * Reads an official list and registers its units as an operator. The file is read before any
 * store is opened; one that cannot be read as its format is a problem found in it (exit 1).
 */
export async function importLocalityFile(config: LedgerConfig, filePath: string, format: LocalityFileFormat): Promise<ImportSummary> {
  const parsed = await readLocalities(filePath, format);
  const app = await createLedgerContext(config);
  try {
    // One id names the whole import in the metadata of every event it records.
    const commandId = `import-localities-${Date.now()}`;
    return await app.get(RegistryService).importLocalities(parsed.units, parsed.successions, {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: { id: 'cli', role: 'operator', jurisdiction: null },
      ...decisionOf[format],
    });
  } finally {
    await app.close();
  }
}

async function readLocalities(filePath: string, format: LocalityFileFormat): Promise<LocalityImport> {
  try {
    return await readLocalityFile(filePath, format);
  } catch (error) {
    throw new CommandLineFailure(exitCodes.problemFound, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
