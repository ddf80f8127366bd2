import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { AssignBudgetCommand } from './assign-budget.command';

@CommandHandler(AssignBudgetCommand)
export class AssignBudgetHandler implements ICommandHandler<AssignBudgetCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: AssignBudgetCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.account,
      kind: 'AssignBudget',
      content: { account: command.account, amountVnd: command.amountVnd.toString() },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: () => ({ kind: 'AssignBudget', account: command.account, amountVnd: command.amountVnd }),
    });
  }
}
