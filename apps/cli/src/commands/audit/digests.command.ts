import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';
import { jsonText } from '../../json-text';

export const registerAuditDigestsCommand: CommandRegistration = (group, runtime) => {
  group
    .command('digests')
    .description('list the digests the schedule made and recorded (LEDGER_AUDIT_DIGEST_DIR), in position order, each file checked against the sha256 its line recorded (exit 1 when a file is missing or changed, or the record cannot be read)')
    .option('--dir <folder>', 'the record’s folder (default: LEDGER_AUDIT_DIGEST_DIR)')
    .option('--json', 'print the list as JSON')
    .action(
      runtime.action(async (options: { readonly dir?: string; readonly json?: boolean }) => {
        const dir = options.dir ?? runtime.config().audit.digestDir;
        const { recordedDigests, recordedDigestLines } = await import('../../audit/recorded-digests');
        const digests = recordedDigests(dir);
        if (options.json) runtime.print(jsonText({ dir, digests }, 2));
        else for (const line of recordedDigestLines(dir, digests)) runtime.print(line);
        return digests.every((digest) => digest.fileCheck === 'ok') ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
