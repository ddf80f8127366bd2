import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { toMovementResponse, type MovementResponse, type StatusReply } from '../command-response';
import { AssignBudgetCommand } from './assign-budget.command';
import { AssignBudgetDto } from './assign-budget.dto';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AssignBudgetHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/budget-assignments')
  @HttpCode(201)
  @Roles('finance-officer')
  @ApiAcceptedResponse({ description: 'At or above the approval threshold of the source account’s level: recorded as a request that holds its amount and waits for an approver (`approvalRequest`; `Location` is the request)' })
  @ApiOperation({ summary: 'Assign a plan year’s budget to an account at the top of its tree (giao kế hoạch vốn)' })
  async assign(@Param('accountId') accountIdText: string, @Body() body: AssignBudgetDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal, @Res({ passthrough: true }) reply: StatusReply): Promise<MovementResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account, amountVnd: BigInt(body.amountVnd) }, context, expectedRevisionFrom(headers)));
    return toMovementResponse(result, reply);
  }
}
