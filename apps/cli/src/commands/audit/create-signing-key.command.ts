import { existsSync } from 'node:fs';
import type { CommandRegistration } from '../../cli-runtime';
import { CommandLineFailure } from '../../command-line-failure';
import { exitCodes } from '../../exit-codes';

export const registerAuditCreateSigningKeyCommand: CommandRegistration = (group, runtime) => {
  group
    .command('create-signing-key')
    .description('create an Ed25519 key pair for digests: the private key for LEDGER_AUDIT_SIGNING_KEY_FILE, the public key for the audit office; never overwrites a file')
    .requiredOption('--out <file>', 'the private key file to write (PKCS#8 PEM, readable by its owner only)')
    .requiredOption('--public-out <file>', 'the public key file to write (PEM)')
    .action(
      runtime.action(async (options: { readonly out: string; readonly publicOut: string }) => {
        for (const path of [options.out, options.publicOut]) if (existsSync(path)) throw new CommandLineFailure(exitCodes.usageError, `${path} exists; a key is never overwritten`);
        const { generateSigningKeyPem } = await import('@ledger/audit');
        const { writeFileSync } = await import('node:fs');
        const pair = generateSigningKeyPem();
        writeFileSync(options.out, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
        writeFileSync(options.publicOut, pair.publicKeyPem, { flag: 'wx' });
        runtime.print(`key ${pair.keyId}: private key in ${options.out}, public key in ${options.publicOut}`);
        return exitCodes.success;
      }),
    );
};
