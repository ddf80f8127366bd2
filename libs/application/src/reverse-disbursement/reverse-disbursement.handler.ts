import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { ReverseDisbursementCommand } from './reverse-disbursement.command';

@CommandHandler(ReverseDisbursementCommand)
export class ReverseDisbursementHandler implements ICommandHandler<ReverseDisbursementCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: ReverseDisbursementCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.account,
      kind: 'ReverseDisbursement',
      content: { account: command.account, disbursementId: command.disbursementId, reason: command.reason },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: () => ({ kind: 'ReverseDisbursement', account: command.account, disbursementId: command.disbursementId, reason: command.reason }),
    });
  }
}
