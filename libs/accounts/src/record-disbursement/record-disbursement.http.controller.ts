import { Body, Headers, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { checkDateField, commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { toCommandResponse, type CommandResponse } from '../command-response';
import { RecordDisbursementCommand } from './record-disbursement.command';
import { RecordDisbursementDto } from './record-disbursement.dto';

export interface DisbursementResponse extends CommandResponse {
  readonly disbursementId: string | null;
}

@AccountCommandsController()
export class RecordDisbursementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/disbursements', 'Record a disbursement with its treasury voucher reference and date (giải ngân)')
  async disburse(@Param('accountId') accountIdText: string, @Body() body: RecordDisbursementDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal): Promise<DisbursementResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    checkDateField(body.disbursedOn, 'disbursedOn');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: false });
    const result = await this.commands.execute(
      new RecordDisbursementCommand({ kind: 'RecordDisbursement', account, amountVnd: BigInt(body.amountVnd), voucherRef: body.voucherRef, disbursedOn: body.disbursedOn }, context, expectedRevisionFrom(headers)),
    );
    return { ...toCommandResponse(result), disbursementId: result.eventIds[0] ?? null };
  }
}
