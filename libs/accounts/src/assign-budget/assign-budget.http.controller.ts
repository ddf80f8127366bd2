import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Acting, Roles, type ActingPrincipal } from '@ledger/identity';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { toCommandResponse, type CommandResponse } from '../command-response';
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
  @ApiOperation({ summary: 'Assign a plan year’s budget to an account at the top of its tree (giao kế hoạch vốn)' })
  async assign(@Param('accountId') accountIdText: string, @Body() body: AssignBudgetDto, @Headers() headers: RequestHeaders, @Acting() acting: ActingPrincipal): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    const context = commandContextFrom(headers, body, acting, { decisionRefRequired: true });
    const result = await this.commands.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account, amountVnd: BigInt(body.amountVnd) }, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
