import type { AccountKey } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkAccountKnown, checkAmount, checkBalanceLimit, firstRefusal } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept, refuse } from '../refusals';
import { nationLocalityId, type RegistryView } from '../registry';

export type AssignBudget = Extract<AccountCommand, { readonly kind: 'AssignBudget' }>;

/** Assignment is how money enters the ledger; every other credit comes from another account or undoes a disbursement. */
export function decideAssignBudget(command: AssignBudget, state: AccountState, context: DecisionContext): AccountDecision {
  const self = command.account;
  const refused = firstRefusal(
    () => checkAmount(command.amountVnd),
    () => checkAccountKnown(context.registry, self, 'account'),
    () => checkAssignmentLevel(context.registry, self),
    () => checkBalanceLimit(state, command.amountVnd),
  );
  return refused ?? accept({ type: 'BudgetAssigned', data: { amountVnd: command.amountVnd } });
}

/**
 * Central-budget money (NSTW) enters the ledger at the national level only; local-budget money
 * (NSĐP) enters at a province or below. Policy credit and other sources may enter anywhere.
 */
function checkAssignmentLevel(registry: RegistryView, key: AccountKey): AccountDecision | undefined {
  const atNation = key.localityId === nationLocalityId;
  if (key.budgetSource === 'NSTW' && !atNation) {
    return refuse('ASSIGNMENT_LEVEL_INVALID', 'central-budget money is assigned at the national level and allocated down from there', {
      budgetSource: key.budgetSource,
      localityId: key.localityId,
      level: registry.locality(key.localityId)?.level ?? null,
    });
  }
  if (key.budgetSource === 'NSDP' && atNation) {
    return refuse('ASSIGNMENT_LEVEL_INVALID', 'local-budget money is assigned at a province or below', { budgetSource: key.budgetSource, localityId: key.localityId });
  }
  return undefined;
}
