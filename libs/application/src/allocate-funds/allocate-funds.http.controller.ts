import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../shared/clock';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, toCommandResponse, type RequestHeaders } from '../http/command-request';
import { AllocateFundsCommand } from './allocate-funds.command';
import { AllocateFundsDto } from './allocate-funds.dto';
import type { TransferResponse } from '../http/transfer-response';

@ApiTags('commands')
@Controller('v1/accounts')
export class AllocateFundsHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':accountId/allocations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Allocate money to a locality below or to a component project (phân bổ)' })
  async allocate(@Param('accountId') accountIdText: string, @Body() body: AllocateFundsDto, @Headers() headers: RequestHeaders): Promise<TransferResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, this.clock, { decisionRefRequired: true });
    const result = await this.commands.execute(new AllocateFundsCommand(from, to, BigInt(body.amountVnd), context, expectedRevisionFrom(headers)));
    return { ...toCommandResponse(result), transferId: result.eventIds[0] ?? null };
  }
}
