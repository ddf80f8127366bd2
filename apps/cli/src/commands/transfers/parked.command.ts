import { InvalidArgumentError } from 'commander';
import { parkedListCountMax } from '@ledger/event-store';
import type { CommandRegistration } from '../../cli-runtime';
import { exitCodes } from '../../exit-codes';
import { parkedCreditLine } from './parked-credit-line';

/** Parked credits listed when `--limit` is not given: a screenful, as the HTTP list's first page. */
export const parkedCreditsShownDefault = 100;

/** `--limit N`: a whole number from 1 to the store's most per list; past it is a usage error, not a silent cut. */
function shownCount(text: string): number {
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > parkedListCountMax) throw new InvalidArgumentError(`Expected a whole number from 1 to ${parkedListCountMax}.`);
  return Number(text);
}

export const registerParkedCommand: CommandRegistration = (group, runtime) => {
  group
    .command('parked')
    .description('list the parked transfer credits in debit order, one per line: transfer id, debit position, code, attempts, reason (tab-separated)')
    .option('--limit <count>', `how many to list, 1 to ${parkedListCountMax}`, shownCount, parkedCreditsShownDefault)
    .action(
      runtime.action(async (options: { readonly limit: number }) => {
        const config = runtime.config();
        const { withTransferProcessManager } = await import('../../transfers/parked-credits');
        const [parked, total] = await withTransferProcessManager(config, (processManager) => Promise.all([processManager.listParked({ limit: options.limit }), processManager.countParked()]));
        if (total === 0) {
          runtime.print('no parked transfer credits');
          return exitCodes.success;
        }
        const counted = total === 1 ? '1 parked transfer credit' : `${total} parked transfer credits`;
        runtime.print(parked.length < total ? `${counted}; the first ${parked.length}:` : `${counted}:`);
        for (const credit of parked) runtime.print(parkedCreditLine(credit));
        return exitCodes.success;
      }),
    );
};
