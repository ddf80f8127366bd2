import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { ReturnFundsCommand } from './return-funds.command';

@CommandHandler(ReturnFundsCommand)
export class ReturnFundsHandler extends AccountUseCaseHandler<ReturnFundsCommand> {}
