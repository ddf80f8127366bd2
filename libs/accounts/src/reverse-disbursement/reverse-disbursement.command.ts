import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type ReverseDisbursement = Extract<AccountCommand, { readonly kind: 'ReverseDisbursement' }>;

/** Reverse a recorded disbursement: a new event linked to the original, which stays in the history. */
export class ReverseDisbursementCommand extends AccountUseCaseCommand<ReverseDisbursement> {}
