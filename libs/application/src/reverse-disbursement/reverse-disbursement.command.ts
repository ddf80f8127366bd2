import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Reverse a recorded disbursement: a new event linked to the original, which stays in the history. */
export class ReverseDisbursementCommand extends Command<CommandResult> {
  constructor(
    readonly account: AccountKey,
    readonly disbursementId: string,
    readonly reason: string,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
