import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';
import { storeOption, storeOptionFlags, storeOptionHelp } from './store.option';

export const registerAuditProveCommand: CommandRegistration = (group, runtime) => {
  group
    .command('prove')
    .description('write an inclusion proof of one event in a digest, checkable offline with `audit check-proof`; exit 3 when no such event precedes the digest, 1 when the store no longer matches the digest')
    .requiredOption('--event <id>', 'the event id')
    .requiredOption('--digest <file>', 'the digest the proof leads to')
    .requiredOption('--out <file>', 'the proof file to write')
    .option('--public-key <file>', 'the audit office’s copy of the public key (PEM) the digest must be signed with')
    .option(storeOptionFlags, storeOptionHelp, storeOption)
    .action(
      runtime.action(async (options: { readonly event: string; readonly digest: string; readonly out: string; readonly publicKey?: string; readonly store?: EventStoreLocation }) => {
        const config = runtime.config();
        const { readDigestFile } = await import('../../audit/audit-files');
        const digest = readDigestFile(options.digest, options.publicKey);
        const { writeProof } = await import('../../audit/digest');
        const proof = await writeProof(config, options.store, digest, options.event, options.out);
        runtime.print(`proof of event ${proof.event.id} (position ${proof.event.position}, stream ${proof.event.streamId}) in the digest up to position ${digest.position}: leaf ${proof.leafIndex} of ${proof.treeSize}, ${proof.auditPath.length} hashes; written to ${options.out}`);
        return exitCodes.success;
      }),
    );
};
