import { InvalidArgumentError, Option } from 'commander';
import { codePattern, parseAccountId } from '@ledger/domain';
import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../../cli-runtime';
import { CommandLineFailure } from '../../command-line-failure';
import { exitCodes } from '../../exit-codes';
import { positionOption } from './digest.command';
import { storeOption, storeOptionFlags, storeOptionHelp } from './store.option';

interface ReplayOptions {
  readonly account?: string;
  readonly locality?: string;
  readonly program?: string;
  readonly subtree?: boolean;
  readonly fromPosition?: bigint;
  readonly toPosition?: bigint;
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly format?: 'table' | 'csv' | 'jsonl';
  readonly store?: EventStoreLocation;
}

function dateOption(text: string): string {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    throw new InvalidArgumentError('Expected a calendar date written YYYY-MM-DD.');
  }
  return text;
}

export const registerAuditReplayCommand: CommandRegistration = (group, runtime) => {
  group
    .command('replay')
    .description('print the history of an account, a program at a locality, or a locality’s subtree event by event with running balances (available, held, net disbursed), between two positions or effective dates: a table, CSV or JSON Lines; the figures are folded from the events')
    .option('--account <id>', 'one account, such as DTTS.2024.096.DTPT.NSTW._')
    .option('--locality <id>', 'the accounts at this locality')
    .option('--program <code>', 'with --locality: only this program’s accounts')
    .option('--subtree', 'with --locality: also the accounts of every locality below it')
    .option('--from-position <position>', 'print events from this position on', positionOption)
    .option('--to-position <position>', 'print events up to this position', positionOption)
    .option('--from-date <date>', 'print events effective on or after this date (YYYY-MM-DD)', dateOption)
    .option('--to-date <date>', 'print events effective on or before this date (YYYY-MM-DD)', dateOption)
    .addOption(new Option('--format <format>', 'table (default), csv or jsonl').choices(['table', 'csv', 'jsonl']))
    .option(storeOptionFlags, storeOptionHelp, storeOption)
    .action(
      runtime.action(async (options: ReplayOptions) => {
        if ((options.account === undefined) === (options.locality === undefined)) throw new CommandLineFailure(exitCodes.usageError, 'give one of --account and --locality');
        if (options.account !== undefined && (options.program !== undefined || options.subtree)) throw new CommandLineFailure(exitCodes.usageError, '--program and --subtree go with --locality');
        if (options.account !== undefined && !parseAccountId(options.account)) throw new CommandLineFailure(exitCodes.usageError, `${options.account} is not an account id such as DTTS.2024.11.DTPT.NSTW._`);
        if (options.program !== undefined && !codePattern.test(options.program)) throw new CommandLineFailure(exitCodes.usageError, `${options.program} is not a program code such as DTTS`);
        if (options.fromPosition !== undefined && options.toPosition !== undefined && options.fromPosition > options.toPosition) throw new CommandLineFailure(exitCodes.usageError, '--from-position is after --to-position');
        if (options.fromDate !== undefined && options.toDate !== undefined && options.fromDate > options.toDate) throw new CommandLineFailure(exitCodes.usageError, '--from-date is after --to-date');
        const config = runtime.config();
        const { replayHistory } = await import('../../audit/replay');
        const scope = options.account !== undefined ? ({ kind: 'account', accountId: options.account } as const) : ({ kind: 'locality', localityId: options.locality as string, programCode: options.program, subtree: options.subtree === true } as const);
        const summary = await replayHistory(
          config,
          options.store,
          { scope, range: { fromPosition: options.fromPosition, toPosition: options.toPosition, fromDate: options.fromDate, toDate: options.toDate }, format: options.format ?? 'table' },
          (line) => runtime.print(line),
        );
        // An empty replay of an account means no such account here: a script can tell it from a quiet period.
        if (summary.entries === 0 && scope.kind === 'account' && options.fromPosition === undefined && options.toPosition === undefined && options.fromDate === undefined && options.toDate === undefined) {
          throw new CommandLineFailure(exitCodes.notFound, `no events of account ${options.account} in this store`);
        }
        return exitCodes.success;
      }),
    );
};
