import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';

export const registerAuditCheckProofCommand: CommandRegistration = (group, runtime) => {
  group
    .command('check-proof')
    .description('check an inclusion proof on its own, offline, with no store: the event’s content, its path to the digest’s root and the digest’s signature (exit 1 when it does not hold)')
    .argument('<file>', 'the proof file')
    .option('--public-key <file>', 'the audit office’s copy of the public key (PEM) the digest must be signed with')
    .action(
      runtime.action(async (file: string, options: { readonly publicKey?: string }) => {
        const { checkProof } = await import('@ledger/audit');
        const { pinnedPublicKey, readJsonFile } = await import('../../audit/audit-files');
        const check = checkProof(readJsonFile(file, 'proof'), pinnedPublicKey(options.publicKey));
        if (!check.valid) {
          runtime.print(`INVALID: ${check.reason}`);
          return exitCodes.problemFound;
        }
        runtime.print(`valid: event ${check.eventId} at position ${check.position} is in the digest signed by key ${check.keyId}`);
        return exitCodes.success;
      }),
    );
};
