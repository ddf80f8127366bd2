import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';
import { jsonText } from '../../json-text';
import { storeOption, storeOptionFlags, storeOptionHelp } from './store.option';

interface VerifyOptions {
  readonly digest?: string;
  readonly publicKey?: string;
  readonly store?: EventStoreLocation;
  readonly json?: boolean;
}

export const registerAuditVerifyCommand: CommandRegistration = (group, runtime) => {
  group
    .command('verify')
    .description('check every event’s hash link, stream by stream in global order, and report the first break (exit 1); with --digest, also prove that nothing up to the digest’s position has changed since')
    .option('--digest <file>', 'a digest made by `audit digest`: the events up to its position must hash to its root')
    .option('--public-key <file>', 'the audit office’s copy of the public key (PEM) the digest must be signed with')
    .option(storeOptionFlags, storeOptionHelp, storeOption)
    .option('--json', 'print the report as JSON')
    .action(
      runtime.action(async (options: VerifyOptions) => {
        const config = runtime.config();
        const { readDigestFile } = await import('../../audit/audit-files');
        const digest = options.digest === undefined ? undefined : readDigestFile(options.digest, options.publicKey);
        const { verifyLedger, verifyLines, verifyPassed } = await import('../../audit/verify');
        const outcome = await verifyLedger(config, options.store, digest);
        if (options.json) runtime.print(jsonText(outcome, 2));
        else for (const line of verifyLines(outcome)) runtime.print(line);
        return verifyPassed(outcome) ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
