import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders, InputValidationError } from '@ledger/http';
import { toCommandResponse, type CommandResponse } from '../command-response';
import { ReverseDisbursementCommand } from './reverse-disbursement.command';
import { ReverseDisbursementDto } from './reverse-disbursement.dto';

const disbursementIdPattern = /^[A-Za-z0-9-]{1,64}$/;

@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/accounts')
export class ReverseDisbursementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/disbursements/:disbursementId/reversal')
  @HttpCode(201)
  @Roles('finance-officer')
  @ApiOperation({ summary: 'Reverse a disbursement, with a reason' })
  async reverse(
    @Param('accountId') accountIdText: string,
    @Param('disbursementId') disbursementId: string,
    @Body() body: ReverseDisbursementDto,
    @Headers() headers: RequestHeaders,
    @Acting() acting: ActingPrincipal,
  ): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    if (!disbursementIdPattern.test(disbursementId)) throw new InputValidationError([{ field: 'disbursementId', messages: ['disbursementId is not an id'] }]);
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: false });
    const result = await this.commands.execute(new ReverseDisbursementCommand({ kind: 'ReverseDisbursement', account, disbursementId, reason: body.reason }, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
