import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../shared/clock';
import { checkDateField, commandContextFrom, expectedRevisionFrom, parseAccountIdField, toCommandResponse, type CommandResponse, type RequestHeaders } from '../http/command-request';
import { ExtendDisbursementDeadlineCommand } from './extend-disbursement-deadline.command';
import { ExtendDisbursementDeadlineDto } from './extend-disbursement-deadline.dto';

@ApiTags('commands')
@Controller('v1/accounts')
export class ExtendDisbursementDeadlineHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':accountId/deadline-extensions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Extend the disbursement deadline of an account’s plan-year money, by decision (carry-over)' })
  async extend(@Param('accountId') accountIdText: string, @Body() body: ExtendDisbursementDeadlineDto, @Headers() headers: RequestHeaders): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    checkDateField(body.newDeadline, 'newDeadline');
    const context = commandContextFrom(headers, body, this.clock, { decisionRefRequired: true });
    const result = await this.commands.execute(new ExtendDisbursementDeadlineCommand(account, body.newDeadline, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
