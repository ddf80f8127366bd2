import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../shared/clock';
import { commandContextFrom, expectedRevisionFrom, parseAccountIdField, toCommandResponse, type CommandResponse, type RequestHeaders } from '../http/command-request';
import { AssignBudgetCommand } from './assign-budget.command';
import { AssignBudgetDto } from './assign-budget.dto';

@ApiTags('commands')
@Controller('v1/accounts')
export class AssignBudgetHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':accountId/budget-assignments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Assign a plan year’s budget to an account at the top of its tree (giao kế hoạch vốn)' })
  async assign(@Param('accountId') accountIdText: string, @Body() body: AssignBudgetDto, @Headers() headers: RequestHeaders): Promise<CommandResponse> {
    const account = parseAccountIdField(accountIdText, 'accountId');
    const context = commandContextFrom(headers, body, this.clock, { decisionRefRequired: true });
    const result = await this.commands.execute(new AssignBudgetCommand(account, BigInt(body.amountVnd), context, expectedRevisionFrom(headers)));
    return toCommandResponse(result);
  }
}
