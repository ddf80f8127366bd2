import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Let an account's money be disbursed after its normal deadline, by decision (kéo dài / chuyển nguồn). */
export class ExtendDisbursementDeadlineCommand extends Command<CommandResult> {
  constructor(
    readonly account: AccountKey,
    readonly newDeadline: string,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
