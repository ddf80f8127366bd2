import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AllocateFundsCommand } from './allocate-funds.command';
import { AllocateFundsDto } from './allocate-funds.dto';
import { toTransferMovementResponse, type StatusReply, type TransferMovementResponse } from '../command-response';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AllocateFundsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/allocations')
  @HttpCode(201)
  @Roles('finance-officer')
  @ApiAcceptedResponse({ description: 'At or above the approval threshold of the source account’s level: recorded as a request that holds its amount and waits for an approver (`approvalRequest`; `Location` is the request)' })
  @ApiOperation({ summary: 'Allocate money to a locality below or to a component project (phân bổ)' })
  async allocate(@Param('accountId') accountIdText: string, @Body() body: AllocateFundsDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<TransferMovementResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: from, to, amountVnd: BigInt(body.amountVnd) }, context, expectedRevisionFrom(headers)));
    return toTransferMovementResponse(result, reply);
  }
}
