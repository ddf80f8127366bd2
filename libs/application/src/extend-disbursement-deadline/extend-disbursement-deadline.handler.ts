import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { ExtendDisbursementDeadlineCommand } from './extend-disbursement-deadline.command';

@CommandHandler(ExtendDisbursementDeadlineCommand)
export class ExtendDisbursementDeadlineHandler implements ICommandHandler<ExtendDisbursementDeadlineCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: ExtendDisbursementDeadlineCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.account,
      kind: 'ExtendDisbursementDeadline',
      content: { account: command.account, newDeadline: command.newDeadline },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: () => ({ kind: 'ExtendDisbursementDeadline', account: command.account, newDeadline: command.newDeadline }),
    });
  }
}
