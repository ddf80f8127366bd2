import { Body, Headers, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { toTransferMovementResponse, type StatusReply, type TransferMovementResponse } from '../command-response';
import { ReturnFundsCommand } from './return-funds.command';
import { ReturnFundsDto } from './return-funds.dto';

@AccountCommandsController()
export class ReturnFundsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/returns', 'Return unspent money to the funding (parent) account (nộp trả)', { mayBeHeldForApproval: true })
  async returnFunds(@Param('accountId') accountIdText: string, @Body() body: ReturnFundsDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<TransferMovementResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = body.toAccountId === undefined ? null : parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new ReturnFundsCommand({ kind: 'ReturnFunds', account: from, to, amountVnd: BigInt(body.amountVnd), reason: body.reason }, context, expectedRevisionFrom(headers)));
    return toTransferMovementResponse(result, reply);
  }
}
