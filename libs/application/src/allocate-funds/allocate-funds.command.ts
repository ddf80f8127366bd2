import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Pass money down the locality tree or to a component project (phân bổ). */
export class AllocateFundsCommand extends Command<CommandResult> {
  constructor(
    readonly from: AccountKey,
    readonly to: AccountKey,
    readonly amountVnd: bigint,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
