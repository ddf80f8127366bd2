import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';
import { scopeAndRangeOf, withScopeOptions, type ScopeOptions } from './scope.options';
import { storeOption, storeOptionFlags, storeOptionHelp } from './store.option';

interface ExportOptions extends ScopeOptions {
  readonly out: string;
  readonly store?: EventStoreLocation;
}

export const registerAuditExportCommand: CommandRegistration = (group, runtime) => {
  withScopeOptions(
    group
      .command('export')
      .description(
        'write one archive of an engagement — the events of a program, a locality or a subtree over a period, a signed digest of the ledger, each event’s inclusion proof and a signed manifest with counts and hashes — checkable offline with `audit check-archive`; refused (exit 1) when a hash link is broken',
      ),
  )
    .requiredOption('--out <file>', 'the archive file to write (JSON Lines)')
    .option(storeOptionFlags, storeOptionHelp, storeOption)
    .action(
      runtime.action(async (options: ExportOptions) => {
        const { scope, range } = scopeAndRangeOf(options);
        const config = runtime.config();
        const { writeArchive } = await import('../../audit/archive');
        const manifest = await writeArchive(config, options.store, { scope, range, out: options.out, now: new Date() });
        runtime.print(`archive of ${manifest.eventCount} events in ${manifest.streamCount} streams (positions ${manifest.firstPosition ?? '-'} to ${manifest.lastPosition ?? '-'}), proved in the digest up to position ${manifest.digest.position} signed by key ${manifest.signature.keyId}; written to ${options.out}`);
        return exitCodes.success;
      }),
    );
};
