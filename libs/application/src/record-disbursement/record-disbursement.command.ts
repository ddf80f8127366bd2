import { Command } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { CommandResult } from '../shared/account-repository';
import type { CommandContext } from '../shared/command-context';

/** Record a payment made through the State Treasury (giải ngân). */
export class RecordDisbursementCommand extends Command<CommandResult> {
  constructor(
    readonly account: AccountKey,
    readonly amountVnd: bigint,
    readonly voucherRef: string,
    readonly disbursedOn: string,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}
