import { Option } from 'commander';
import type { CommandRegistration } from '../cli-runtime';
import { CommandLineFailure } from '../command-line-failure';
import { exitCodes } from '../exit-codes';

/** The roles a token may carry; written out here so that `--help` loads nothing (a spec checks them against the identity lib). */
export const tokenRoleChoices = ['finance-officer', 'approver', 'auditor', 'reporter', 'administrator'] as const;

export const registerTokenCommand: CommandRegistration = (program, runtime) => {
  program
    .command('token')
    .description(
      'print a bearer token for the embedded default (signed with the secret in the data folder, created on first use); the token is on the last line. Behind an identity provider, get tokens from it instead',
    )
    .requiredOption('--user <id>', 'the user the token is for (1–100 characters)')
    .addOption(new Option('--role <role...>', 'the role(s) the token carries').choices(tokenRoleChoices).makeOptionMandatory())
    .requiredOption('--jurisdiction <localityId>', 'the locality the user acts for: VN for the nation, a province (11), district (096) or commune (03127)')
    .option('--ttl <duration>', 'how long the token is valid: 90s, 30m, 8h, 2d (at most 7d)', '8h')
    .action(
      runtime.action(async (options: { user: string; role: string[]; jurisdiction: string; ttl: string }) => {
        const config = runtime.config();
        if (config.auth.kind !== 'secret') {
          throw new CommandLineFailure(exitCodes.usageError, 'this ledger verifies tokens of an identity provider (LEDGER_AUTH_JWKS_URL or LEDGER_AUTH_JWKS_FILE): get tokens from it');
        }
        const { issueToken, loadOrCreateTokenSecret, parseDuration } = await import('../identity/tokens');
        const ttlSeconds = parseDuration(options.ttl);
        if (ttlSeconds === undefined) throw new CommandLineFailure(exitCodes.usageError, `--ttl ${options.ttl} is not a duration such as 90s, 30m, 8h or 2d`);
        let token: string;
        try {
          token = await issueToken(loadOrCreateTokenSecret(config.auth.secretFile), {
            userId: options.user,
            roles: options.role as never,
            jurisdiction: options.jurisdiction,
            ttlSeconds,
          });
        } catch (error) {
          if (error instanceof RangeError) throw new CommandLineFailure(exitCodes.usageError, error.message);
          throw error;
        }
        runtime.print(`token for ${options.user} as ${options.role.join(', ')} in ${options.jurisdiction}, valid for ${options.ttl}:`);
        runtime.print(token);
        return exitCodes.success;
      }),
    );
};
