import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkAccountKnown, checkOpened, firstRefusal } from '../account.rules';
import { defaultDisbursementDeadline, type AccountState } from '../account.state';
import { accept, refuse } from '../refusals';

export type ExtendDisbursementDeadline = Extract<AccountCommand, { readonly kind: 'ExtendDisbursementDeadline' }>;

/** A decision lets the account's money be paid later than its deadline; an extension only ever moves it later. */
export function decideExtendDisbursementDeadline(command: ExtendDisbursementDeadline, state: AccountState, context: DecisionContext): AccountDecision {
  const self = command.account;
  const refused = firstRefusal(() => checkAccountKnown(context.registry, self, 'account'), () => checkOpened(state, self));
  if (refused) return refused;
  const previousDeadline = state.deadline ?? defaultDisbursementDeadline(self);
  if (command.newDeadline <= previousDeadline) {
    return refuse('DEADLINE_NOT_LATER', 'an extension must move the deadline later', { currentDeadline: previousDeadline, requestedDeadline: command.newDeadline });
  }
  return accept({ type: 'DisbursementDeadlineExtended', data: { previousDeadline, newDeadline: command.newDeadline } });
}
