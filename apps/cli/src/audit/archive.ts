import { ArchiveRefusedError, buildArchive, type ArchiveManifest, type ReplayRange, type ReplayScope } from '@ledger/audit';
import type { EventStoreLocation, LedgerConfig } from '@ledger/config';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';
import { writeFileWhole } from './audit-files';
import { withAuditStores } from './audit-stores';
import { configuredSigningKey } from './digest';

/** Builds the engagement's archive from the store and writes it whole. */
export async function writeArchive(config: LedgerConfig, location: EventStoreLocation | undefined, request: { readonly scope: ReplayScope; readonly range: ReplayRange; readonly out: string; readonly now: Date }): Promise<ArchiveManifest> {
  const key = configuredSigningKey(config);
  return withAuditStores(config, location, async ({ source, kind }) => {
    try {
      const { text, manifest } = await buildArchive(source, { scope: request.scope, range: request.range, key, store: kind, now: request.now });
      writeFileWhole(request.out, text);
      return manifest;
    } catch (error) {
      if (error instanceof ArchiveRefusedError) throw new CommandLineFailure(exitCodes.problemFound, error.message);
      throw error;
    }
  });
}
