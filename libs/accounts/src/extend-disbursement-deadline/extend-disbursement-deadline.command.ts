import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type ExtendDisbursementDeadline = Extract<AccountCommand, { readonly kind: 'ExtendDisbursementDeadline' }>;

/** Let an account's money be disbursed after its normal deadline, under a decision (kéo dài thời gian giải ngân). */
export class ExtendDisbursementDeadlineCommand extends AccountUseCaseCommand<ExtendDisbursementDeadline> {}
