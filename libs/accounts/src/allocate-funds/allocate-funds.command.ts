import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type AllocateFunds = Extract<AccountCommand, { readonly kind: 'AllocateFunds' }>;

/** Pass money down the locality tree or to a component project (phân bổ). */
export class AllocateFundsCommand extends AccountUseCaseCommand<AllocateFunds> {}
