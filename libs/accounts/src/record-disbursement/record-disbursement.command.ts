import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type RecordDisbursement = Extract<AccountCommand, { readonly kind: 'RecordDisbursement' }>;

/** Record a payment made through the State Treasury (giải ngân). */
export class RecordDisbursementCommand extends AccountUseCaseCommand<RecordDisbursement> {}
