import { Body, Headers, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Acting, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { AccountCommandRoute, AccountCommandsController } from '../account-command-route';
import { toMovementResponse, type MovementResponse, type StatusReply } from '../command-response';
import { AssignBudgetCommand } from './assign-budget.command';
import { AssignBudgetDto } from './assign-budget.dto';

@AccountCommandsController()
export class AssignBudgetHttpController {
  constructor(private readonly commands: CommandBus) {}

  @AccountCommandRoute(':accountId/budget-assignments', 'Assign a plan year’s budget to an account at the top of its tree (giao kế hoạch vốn)', { mayBeHeldForApproval: true })
  async assign(@Param('accountId') accountIdText: string, @Body() body: AssignBudgetDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<MovementResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account, amountVnd: BigInt(body.amountVnd) }, context, expectedRevisionFrom(headers)));
    return toMovementResponse(result, reply);
  }
}
