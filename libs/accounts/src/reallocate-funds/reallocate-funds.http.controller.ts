import { Body, Headers, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { toTransferMovementResponse, type StatusReply, type TransferMovementResponse } from '../command-response';
import { ReallocateFundsCommand } from './reallocate-funds.command';
import { ReallocateFundsDto } from './reallocate-funds.dto';

@AccountCommandsController()
export class ReallocateFundsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/reallocations', 'Reallocate money between sibling localities or component projects, citing a decision and a reason', { mayBeHeldForApproval: true })
  async reallocate(@Param('accountId') accountIdText: string, @Body() body: ReallocateFundsDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<TransferMovementResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new ReallocateFundsCommand({ kind: 'ReallocateFunds', account: from, to, amountVnd: BigInt(body.amountVnd), reason: body.reason }, context, expectedRevisionFrom(headers)));
    return toTransferMovementResponse(result, reply);
  }
}
