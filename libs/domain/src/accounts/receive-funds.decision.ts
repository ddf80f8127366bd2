import { accountId } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import type { FundsReceived } from '../account.events';
import { checkAmount, checkBalanceLimit, firstRefusal } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept } from '../refusals';

export type ReceiveFunds = Extract<AccountCommand, { readonly kind: 'ReceiveFunds' }>;

/**
 * The credit half of a transfer whose debit is already recorded: it must not be refused for want
 * of money, and a transfer already credited is a no-op (the process manager retries). A closed
 * account still takes the credit of a transfer debited towards it: the money must land somewhere,
 * and a later hand-over moves it on.
 */
export function decideReceiveFunds(command: ReceiveFunds, state: AccountState, _context: DecisionContext): AccountDecision {
  if (state.receivedTransfers.has(command.transferId)) return accept();
  const refused = firstRefusal(() => checkAmount(command.amountVnd), () => checkBalanceLimit(state, command.amountVnd));
  if (refused) return refused;
  const data = { transferId: command.transferId, fromAccountId: accountId(command.from), amountVnd: command.amountVnd, transferKind: command.transferKind };
  // Money handed over brings its deadline; every other credit takes the account's own.
  const received: FundsReceived = { type: 'FundsReceived', data: command.transferKind === 'handover' && command.deadline !== undefined ? { ...data, deadline: command.deadline } : data };
  return accept(received);
}
