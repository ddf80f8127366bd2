import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Move money sideways between localities or component projects under a decision (điều chỉnh). */
export class ReallocateFundsCommand extends Command<CommandResult> {
  constructor(
    readonly from: AccountKey,
    readonly to: AccountKey,
    readonly amountVnd: bigint,
    readonly reason: string,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
