import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../shared/clock';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, toCommandResponse, type RequestHeaders } from '../http/command-request';
import type { TransferResponse } from '../http/transfer-response';
import { ReallocateFundsCommand } from './reallocate-funds.command';
import { ReallocateFundsDto } from './reallocate-funds.dto';

@ApiTags('commands')
@Controller('v1/accounts')
export class ReallocateFundsHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':accountId/reallocations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reallocate money between sibling localities or component projects, citing a decision and a reason' })
  async reallocate(@Param('accountId') accountIdText: string, @Body() body: ReallocateFundsDto, @Headers() headers: RequestHeaders): Promise<TransferResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, this.clock, { decisionRefRequired: true });
    const result = await this.commands.execute(new ReallocateFundsCommand(from, to, BigInt(body.amountVnd), body.reason, context, expectedRevisionFrom(headers)));
    return { ...toCommandResponse(result), transferId: result.eventIds[0] ?? null };
  }
}
