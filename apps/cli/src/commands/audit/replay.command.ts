import { Option } from 'commander';
import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../../cli-runtime';
import { CommandLineFailure } from '../../command-line-failure';
import { exitCodes } from '../../exit-codes';
import { hasRange, scopeAndRangeOf, withScopeOptions, type ScopeOptions } from './scope.options';
import { storeOption, storeOptionFlags, storeOptionHelp } from './store.option';

interface ReplayOptions extends ScopeOptions {
  readonly format?: 'table' | 'csv' | 'jsonl';
  readonly store?: EventStoreLocation;
}

export const registerAuditReplayCommand: CommandRegistration = (group, runtime) => {
  withScopeOptions(
    group
      .command('replay')
      .description(
        'print the history of an account, a program (everywhere or at a locality), or a locality’s subtree event by event with running balances (available, held, net disbursed), between two positions or effective dates: a table, CSV or JSON Lines; the figures are folded from the events. Exit 3 when an account has no event',
      ),
  )
    .addOption(new Option('--format <format>', 'table (default), csv or jsonl').choices(['table', 'csv', 'jsonl']))
    .option(storeOptionFlags, storeOptionHelp, storeOption)
    .action(
      runtime.action(async (options: ReplayOptions) => {
        const { scope, range } = scopeAndRangeOf(options);
        const config = runtime.config();
        const { replayHistory } = await import('../../audit/replay');
        const summary = await replayHistory(config, options.store, { scope, range, format: options.format ?? 'table' }, (line) => runtime.print(line));
        // An account with no event at all is not in this store: a script can tell it from a quiet period.
        if (summary.entries === 0 && scope.kind === 'account' && !hasRange(options)) throw new CommandLineFailure(exitCodes.notFound, `no events of account ${scope.accountId} in this store`);
        return exitCodes.success;
      }),
    );
};
