import { accountId } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkAccountKnown, checkAmount, checkAvailable, checkOpened, firstRefusal } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept, refuse } from '../refusals';

export type ReturnFunds = Extract<AccountCommand, { readonly kind: 'ReturnFunds' }>;

/**
 * The debit half of a return: unspent money goes back to an account that allocated it here, never
 * more than that account's net funding. Without a named target it goes to the one funder still owed;
 * when several are, the caller must name one.
 */
export function decideReturnFunds(command: ReturnFunds, state: AccountState, context: DecisionContext): AccountDecision {
  const self = command.account;
  const refused = firstRefusal(
    () => checkAmount(command.amountVnd),
    () => checkAccountKnown(context.registry, self, 'account'),
    () => checkOpened(state, self),
  );
  if (refused) return refused;
  const funders = [...state.fundingByAccount.entries()].filter(([, netVnd]) => netVnd > 0n);
  let targetId: string;
  if (command.to) {
    targetId = accountId(command.to);
    if (!state.fundingByAccount.has(targetId)) {
      return refuse('RETURN_TARGET_NOT_A_FUNDER', `account ${targetId} never funded this account`, { toAccountId: targetId });
    }
  } else {
    if (funders.length === 0) return refuse('NO_FUNDING_ACCOUNT', 'this account has no funding account to return money to', { accountId: accountId(self) });
    if (funders.length > 1) {
      return refuse('RETURN_TARGET_AMBIGUOUS', 'several accounts funded this one: name the one to return to', {
        fundingAccountIds: funders.map(([id]) => id).join(','),
      });
    }
    targetId = funders[0][0];
  }
  const fundedVnd = state.fundingByAccount.get(targetId) ?? 0n;
  if (command.amountVnd > fundedVnd) {
    return refuse('RETURN_EXCEEDS_FUNDING', 'cannot return more than was received from that account', {
      toAccountId: targetId,
      fundedVnd: fundedVnd.toString(),
      requestedVnd: command.amountVnd.toString(),
    });
  }
  const notEnough = checkAvailable(state, command.amountVnd);
  if (notEnough) return notEnough;
  return accept({ type: 'FundsReturned', data: { transferId: context.firstEventId, toAccountId: targetId, amountVnd: command.amountVnd, reason: command.reason } });
}
