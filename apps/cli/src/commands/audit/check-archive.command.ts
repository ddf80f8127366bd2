import { existsSync, readFileSync } from 'node:fs';
import type { CommandRegistration } from '../../cli-runtime';
import { CommandLineFailure } from '../../command-line-failure';
import { exitCodes } from '../../exit-codes';
import { jsonText } from '../../json-text';

export const registerAuditCheckArchiveCommand: CommandRegistration = (group, runtime) => {
  group
    .command('check-archive')
    .description('check an archive made by `audit export` on its own, offline, with no store: the manifest’s signature and hashes, the digest’s signature, every event against its link and its proof, the counts and the period (exit 1 when anything does not hold, 3 when there is no such file)')
    .argument('<file>', 'the archive file')
    .option('--public-key <file>', 'the audit office’s copy of the public key (PEM) the archive must be signed with')
    .option('--json', 'print the report as JSON')
    .action(
      runtime.action(async (file: string, options: { readonly publicKey?: string; readonly json?: boolean }) => {
        if (!existsSync(file)) throw new CommandLineFailure(exitCodes.notFound, `no archive at ${file}`);
        const { checkArchive } = await import('@ledger/audit');
        const { pinnedPublicKey } = await import('../../audit/audit-files');
        const check = checkArchive(readFileSync(file), pinnedPublicKey(options.publicKey));
        if (options.json) runtime.print(jsonText({ valid: check.valid, problemCount: check.problemCount, problems: check.problems, eventCount: check.eventCount, keyId: check.keyId }, 2));
        else if (check.valid) runtime.print(`valid: ${check.eventCount} events, each proved in the digest up to position ${check.manifest?.digest.position}, signed by key ${check.keyId}`);
        else {
          runtime.print(`INVALID: ${check.problemCount} problem(s)`);
          for (const problem of check.problems) runtime.print(`  ${problem}`);
        }
        return check.valid ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
