import { Body, Headers, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { AllocateFundsCommand } from './allocate-funds.command';
import { AllocateFundsDto } from './allocate-funds.dto';
import { toTransferMovementResponse, type StatusReply, type TransferMovementResponse } from '../command-response';

@AccountCommandsController()
export class AllocateFundsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/allocations', 'Allocate money to a locality below or to a component project (phân bổ)', { mayBeHeldForApproval: true })
  async allocate(@Param('accountId') accountIdText: string, @Body() body: AllocateFundsDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<TransferMovementResponse> {
    const from = parseAccountIdField(accountIdText, 'accountId');
    const to = parseAccountIdField(body.toAccountId, 'toAccountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new AllocateFundsCommand({ kind: 'AllocateFunds', account: from, to, amountVnd: BigInt(body.amountVnd) }, context, expectedRevisionFrom(headers)));
    return toTransferMovementResponse(result, reply);
  }
}
