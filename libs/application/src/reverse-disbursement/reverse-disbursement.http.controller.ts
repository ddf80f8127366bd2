import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../shared/clock';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, toCommandResponse, type CommandResponse, type RequestHeaders } from '../http/command-request';
import { InputValidationError } from '../http/validation';
import { ReverseDisbursementCommand } from './reverse-disbursement.command';
import { ReverseDisbursementDto } from './reverse-disbursement.dto';

const disbursementIdPattern = /^[A-Za-z0-9-]{1,64}$/;

@ApiTags('commands')
@Controller('v1/accounts')
export class ReverseDisbursementHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':accountId/disbursements/:disbursementId/reversal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reverse a disbursement, with a reason' })
  async reverse(
    @Param('accountId') accountIdText: string,
    @Param('disbursementId') disbursementId: string,
    @Body() body: ReverseDisbursementDto,
    @Headers() headers: RequestHeaders,
  ): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    if (!disbursementIdPattern.test(disbursementId)) throw new InputValidationError([{ field: 'disbursementId', messages: ['disbursementId is not an id'] }]);
    const context = commandContextFrom(headers, body, this.clock, { decisionRefRequired: false });
    const result = await this.commands.execute(new ReverseDisbursementCommand(account, disbursementId, body.reason, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
