import type { CommandRegistration } from '../../cli-runtime';
import { CommandLineFailure } from '../../command-line-failure';
import { exitCodes } from '../../exit-codes';
import { parkedCreditLine } from './parked-credit-line';

export const registerRetryCreditCommand: CommandRegistration = (group, runtime) => {
  group
    .command('retry-credit')
    .description('try a parked credit again: credited, it leaves the list (exit 0); refused again, it stays with the new reason (exit 1); no such parked credit exits 3')
    .argument('<transferId>', 'the transfer id, as `transfers parked` lists it')
    .action(
      runtime.action(async (transferId: string) => {
        const config = runtime.config();
        const { withTransferProcessManager } = await import('../../transfers/parked-credits');
        const retried = await withTransferProcessManager(config, (processManager) => processManager.retryParked(transferId));
        if (retried.outcome === 'not-parked') throw new CommandLineFailure(exitCodes.notFound, `no parked credit for transfer ${transferId}`);
        if (retried.outcome === 'still-parked') {
          runtime.print(`still parked: ${parkedCreditLine(retried.parked)}`);
          return exitCodes.problemFound;
        }
        const { result } = retried;
        runtime.print(`credited: transfer ${transferId} to ${result.accountId}, revision ${result.revision.toString()}, position ${result.position.toString()}${result.duplicate ? ' (the credit was already recorded)' : ''}`);
        return exitCodes.success;
      }),
    );
};
