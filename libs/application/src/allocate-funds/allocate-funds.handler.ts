import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { AllocateFundsCommand } from './allocate-funds.command';

/** Records the debit in the source; the transfer process manager records the credit in the destination. */
@CommandHandler(AllocateFundsCommand)
export class AllocateFundsHandler implements ICommandHandler<AllocateFundsCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: AllocateFundsCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.from,
      kind: 'AllocateFunds',
      content: { from: command.from, to: command.to, amountVnd: command.amountVnd.toString() },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: (transferId) => ({ kind: 'AllocateFunds', account: command.from, to: command.to, amountVnd: command.amountVnd, transferId }),
    });
  }
}
