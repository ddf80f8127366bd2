import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Money enters the ledger: a plan year's budget assigned to an account at the top of its tree. */
export class AssignBudgetCommand extends Command<CommandResult> {
  constructor(
    readonly account: AccountKey,
    readonly amountVnd: bigint,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
