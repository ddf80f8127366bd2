import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { checkDateField, commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { toCommandResponse, type CommandResponse } from '../command-response';
import { RecordDisbursementCommand } from './record-disbursement.command';
import { RecordDisbursementDto } from './record-disbursement.dto';

export interface DisbursementResponse extends CommandResponse {
  readonly disbursementId: string | null;
}

@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/accounts')
export class RecordDisbursementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/disbursements')
  @HttpCode(201)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Record a disbursement with its treasury voucher reference and date (giải ngân)' })
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
