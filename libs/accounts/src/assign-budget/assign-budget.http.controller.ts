import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, type RequestHeaders } from '@ledger/http';
import { toCommandResponse, type CommandResponse } from '../command-response';
import { AssignBudgetCommand } from './assign-budget.command';
import { AssignBudgetDto } from './assign-budget.dto';

@ApiTags('commands')
@Controller('v1/accounts')
export class AssignBudgetHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':accountId/budget-assignments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Assign a plan year’s budget to an account at the top of its tree (giao kế hoạch vốn)' })
  async assign(@Param('accountId') accountIdText: string, @Body() body: AssignBudgetDto, @Headers() headers: RequestHeaders): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    const context = commandContextFrom(headers, body, { decisionRefRequired: true });
    const result = await this.commands.execute(new AssignBudgetCommand({ kind: 'AssignBudget', account, amountVnd: BigInt(body.amountVnd) }, context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
