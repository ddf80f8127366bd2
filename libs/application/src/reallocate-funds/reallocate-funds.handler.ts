import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { ReallocateFundsCommand } from './reallocate-funds.command';

@CommandHandler(ReallocateFundsCommand)
export class ReallocateFundsHandler implements ICommandHandler<ReallocateFundsCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: ReallocateFundsCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.from,
      kind: 'ReallocateFunds',
      content: { from: command.from, to: command.to, amountVnd: command.amountVnd.toString(), reason: command.reason },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: (transferId) => ({ kind: 'ReallocateFunds', account: command.from, to: command.to, amountVnd: command.amountVnd, transferId, reason: command.reason }),
    });
  }
}
