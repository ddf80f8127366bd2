import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../shared/clock';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, toCommandResponse, type RequestHeaders } from '../http/command-request';
import type { TransferResponse } from '../http/transfer-response';
import { ReturnFundsCommand } from './return-funds.command';
import { ReturnFundsDto } from './return-funds.dto';

@ApiTags('commands')
@Controller('v1/accounts')
export class ReturnFundsHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':accountId/returns')
  @HttpCode(201)
  @ApiOperation({ summary: 'Return unspent money to the funding (parent) account (nộp trả)' })
  async returnFunds(@Param('accountId') accountIdText: string, @Body() body: ReturnFundsDto, @Headers() headers: RequestHeaders): Promise<TransferResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = body.toAccountId === undefined ? null : parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, this.clock, { decisionRefRequired: true });
    const result = await this.commands.execute(new ReturnFundsCommand(from, to, BigInt(body.amountVnd), body.reason, context, expectedRevisionFrom(headers)));
    return { ...toCommandResponse(result), transferId: result.eventIds[0] ?? null };
  }
}
