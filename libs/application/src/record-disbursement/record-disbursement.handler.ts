import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountCommandRunner } from '../shared/account-command-runner';
import type { CommandResult } from '../shared/account-repository';
import { RecordDisbursementCommand } from './record-disbursement.command';

@CommandHandler(RecordDisbursementCommand)
export class RecordDisbursementHandler implements ICommandHandler<RecordDisbursementCommand, CommandResult> {
  constructor(private readonly runner: AccountCommandRunner) {}

  execute(command: RecordDisbursementCommand): Promise<CommandResult> {
    return this.runner.run({
      key: command.account,
      kind: 'RecordDisbursement',
      content: { account: command.account, amountVnd: command.amountVnd.toString(), voucherRef: command.voucherRef, disbursedOn: command.disbursedOn },
      context: command.context,
      expectedRevision: command.expectedRevision,
      command: (disbursementId) => ({
        kind: 'RecordDisbursement',
        account: command.account,
        disbursementId,
        amountVnd: command.amountVnd,
        voucherRef: command.voucherRef,
        disbursedOn: command.disbursedOn,
      }),
    });
  }
}
