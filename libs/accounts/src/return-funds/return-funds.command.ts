import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type ReturnFunds = Extract<AccountCommand, { readonly kind: 'ReturnFunds' }>;

/** Send unspent money back to the account that funded this one (nộp trả). */
export class ReturnFundsCommand extends AccountUseCaseCommand<ReturnFunds> {}
