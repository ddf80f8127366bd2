import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { AssignBudgetCommand } from './assign-budget.command';

@CommandHandler(AssignBudgetCommand)
export class AssignBudgetHandler extends AccountUseCaseHandler<AssignBudgetCommand> {}
