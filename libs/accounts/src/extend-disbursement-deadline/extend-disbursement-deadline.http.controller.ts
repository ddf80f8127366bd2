import { Body, Headers, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { checkDateField, commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { toCommandResponse, type CommandResponse } from '../command-response';
import { ExtendDisbursementDeadlineCommand } from './extend-disbursement-deadline.command';
import { ExtendDisbursementDeadlineDto } from './extend-disbursement-deadline.dto';

@AccountCommandsController()
export class ExtendDisbursementDeadlineHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/deadline-extensions', 'Extend the disbursement deadline of an account’s plan-year money, by decision (carry-over)')
  async extend(@Param('accountId') accountIdText: string, @Body() body: ExtendDisbursementDeadlineDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    checkDateField(body.newDeadline, 'newDeadline');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new ExtendDisbursementDeadlineCommand({ kind: 'ExtendDisbursementDeadline', account, newDeadline: body.newDeadline, specialResolution: body.specialResolution ?? false }, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
