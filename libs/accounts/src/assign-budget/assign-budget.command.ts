import type { AccountCommand } from '@ledger/domain';
import { AccountUseCaseCommand } from '../account-use-case';

export type AssignBudget = Extract<AccountCommand, { readonly kind: 'AssignBudget' }>;

/** Money enters the ledger: a plan year's budget assigned to an account at the top of its tree. */
export class AssignBudgetCommand extends AccountUseCaseCommand<AssignBudget> {}
