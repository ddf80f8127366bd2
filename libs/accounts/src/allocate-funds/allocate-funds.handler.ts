import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { AllocateFundsCommand } from './allocate-funds.command';

@CommandHandler(AllocateFundsCommand)
export class AllocateFundsHandler extends AccountUseCaseHandler<AllocateFundsCommand> {}
