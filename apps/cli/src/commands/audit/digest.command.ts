import { InvalidArgumentError } from 'commander';
import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';
import { storeOption, storeOptionFlags, storeOptionHelp } from './store.option';

export function positionOption(text: string): bigint {
  if (!/^(0|[1-9][0-9]{0,18})$/.test(text)) throw new InvalidArgumentError('Expected a position: a whole number.');
  return BigInt(text);
}

export const registerAuditDigestCommand: CommandRegistration = (group, runtime) => {
  group
    .command('digest')
    .description('write a signed digest — the Merkle root over every event up to a position, with the position and the times — for the audit office to keep outside the system; refused (exit 1) when a hash link is broken')
    .requiredOption('--out <file>', 'the digest file to write')
    .option('--up-to-position <position>', 'cover the events up to this position (default: every event)', positionOption)
    .option(storeOptionFlags, storeOptionHelp, storeOption)
    .action(
      runtime.action(async (options: { readonly out: string; readonly upToPosition?: bigint; readonly store?: EventStoreLocation }) => {
        const config = runtime.config();
        const { writeDigest } = await import('../../audit/digest');
        const { digest, scan } = await writeDigest(config, options.store, { out: options.out, upToPosition: options.upToPosition, now: new Date() });
        if (scan.chain.firstBreak) {
          const first = scan.chain.firstBreak;
          runtime.print(`no digest written: the link is broken at position ${first.position} in stream ${first.streamId} (${first.kind}); run \`audit verify\``);
          return exitCodes.problemFound;
        }
        runtime.print(`digest of ${digest.eventCount} events up to position ${digest.position}: root ${digest.root}, signed by key ${digest.signature.keyId}; written to ${options.out}`);
        return exitCodes.success;
      }),
    );
};
