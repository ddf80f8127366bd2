import { CommandHandler } from '@nestjs/cqrs';
import { AccountUseCaseHandler } from '../account-use-case';
import { RecordDisbursementCommand } from './record-disbursement.command';

@CommandHandler(RecordDisbursementCommand)
export class RecordDisbursementHandler extends AccountUseCaseHandler<RecordDisbursementCommand> {}
