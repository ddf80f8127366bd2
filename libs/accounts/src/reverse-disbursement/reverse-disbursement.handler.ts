import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { ReverseDisbursementCommand } from './reverse-disbursement.command';

@CommandHandler(ReverseDisbursementCommand)
export class ReverseDisbursementHandler extends AccountUseCaseHandler<ReverseDisbursementCommand> {}
