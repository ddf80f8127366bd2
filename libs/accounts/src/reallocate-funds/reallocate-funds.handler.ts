import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { ReallocateFundsCommand } from './reallocate-funds.command';

@CommandHandler(ReallocateFundsCommand)
export class ReallocateFundsHandler extends AccountUseCaseHandler<ReallocateFundsCommand> {}
