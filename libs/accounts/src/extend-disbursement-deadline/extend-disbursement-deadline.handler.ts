import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { ExtendDisbursementDeadlineCommand } from './extend-disbursement-deadline.command';

@CommandHandler(ExtendDisbursementDeadlineCommand)
export class ExtendDisbursementDeadlineHandler extends AccountUseCaseHandler<ExtendDisbursementDeadlineCommand> {}
