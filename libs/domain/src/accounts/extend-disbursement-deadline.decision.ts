import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkAccountKnown, checkOpened, firstRefusal } from '../account.rules';
import { defaultDisbursementDeadline, type AccountState } from '../account.state';
import { extensionDeadlineMax } from '../ledger-policy';
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
  const maximumDeadline = extensionDeadlineMax(self.planYear, self.capitalType, command.specialResolution, context.policy);
  if (command.newDeadline > maximumDeadline) {
    return refuse(
      'EXTENSION_BEYOND_LEGAL_LIMIT',
      command.specialResolution
        ? `even under a special resolution, money of plan year ${self.planYear} may be extended at most to ${maximumDeadline}`
        : `money of plan year ${self.planYear} may be extended at most to ${maximumDeadline} unless a special resolution of the National Assembly allows longer`,
      { maximumDeadline, requestedDeadline: command.newDeadline, specialResolution: command.specialResolution },
    );
  }
  return accept({ type: 'DisbursementDeadlineExtended', data: { previousDeadline, newDeadline: command.newDeadline } });
}
