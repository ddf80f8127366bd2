import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { ReturnFundsCommand } from './return-funds.command';

@CommandHandler(ReturnFundsCommand)
export class ReturnFundsHandler implements ICommandHandler<ReturnFundsCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: ReturnFundsCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.from,
      kind: 'ReturnFunds',
      content: { from: command.from, to: command.to, amountVnd: command.amountVnd.toString(), reason: command.reason },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: (transferId) => ({ kind: 'ReturnFunds', account: command.from, to: command.to, amountVnd: command.amountVnd, transferId, reason: command.reason }),
    });
  }
}
