import { Body, Headers, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders, InputValidationError } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { toCommandResponse, type CommandResponse } from '../command-response';
import { ReverseDisbursementCommand } from './reverse-disbursement.command';
import { ReverseDisbursementDto } from './reverse-disbursement.dto';

const disbursementIdPattern = /^[A-Za-z0-9-]{1,64}$/;

@AccountCommandsController()
export class ReverseDisbursementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/disbursements/:disbursementId/reversal', 'Reverse a disbursement, with a reason')
  async reverse(
    @Param('accountId') accountIdText: string,
    @Param('disbursementId') disbursementId: string,
    @Body() body: ReverseDisbursementDto,
    @Headers() headers: RequestHeaders,
    @Acting() acting: ActingPrincipal,
  ): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    if (!disbursementIdPattern.test(disbursementId)) throw new InputValidationError([{ field: 'disbursementId', messages: ['disbursementId is not an id'] }]);
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: false });
    const result = await this.commands.execute(new ReverseDisbursementCommand({ kind: 'ReverseDisbursement', account, disbursementId, reason: body.reason }, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
