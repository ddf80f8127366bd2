import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type ReallocateFunds = Extract<AccountCommand, { readonly kind: 'ReallocateFunds' }>;

/** Move money sideways between localities or component projects under a decision (điều chỉnh). */
export class ReallocateFundsCommand extends AccountUseCaseCommand<ReallocateFunds> {}
