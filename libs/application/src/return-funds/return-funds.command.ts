import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Send unspent money back to the account that funded this one (nộp trả). */
export class ReturnFundsCommand extends Command<CommandResult> {
  constructor(
    readonly from: AccountKey,
    readonly to: AccountKey | null,
    readonly amountVnd: bigint,
    readonly reason: string,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
