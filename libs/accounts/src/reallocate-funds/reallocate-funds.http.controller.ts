import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { toTransferMovementResponse, type StatusReply, type TransferMovementResponse } from '../command-response';
import { ReallocateFundsCommand } from './reallocate-funds.command';
import { ReallocateFundsDto } from './reallocate-funds.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/accounts')
export class ReallocateFundsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/reallocations')
  @HttpCode(201)
  @Roles('finance-officer')
  @ApiAcceptedResponse({ description: 'At or above the approval threshold of the source account’s level: recorded as a request that holds its amount and waits for an approver (`approvalRequest`; `Location` is the request)' })
  @ApiOperation({ summary: 'Reallocate money between sibling localities or component projects, citing a decision and a reason' })
  async reallocate(@Param('accountId') accountIdText: string, @Body() body: ReallocateFundsDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<TransferMovementResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new ReallocateFundsCommand({ kind: 'ReallocateFunds', account: from, to, amountVnd: BigInt(body.amountVnd), reason: body.reason }, context, expectedRevisionFrom(headers)));
    return toTransferMovementResponse(result, reply);
  }
}
