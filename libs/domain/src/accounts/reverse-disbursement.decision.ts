import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import { checkBalanceLimit } from '../account.rules';
import type { AccountState } from '../account.state';
import { accept, refuse } from '../refusals';

export type ReverseDisbursement = Extract<AccountCommand, { readonly kind: 'ReverseDisbursement' }>;

/** Undoes a disbursement for its original amount, once; the money becomes available again. */
export function decideReverseDisbursement(command: ReverseDisbursement, state: AccountState, _context: DecisionContext): AccountDecision {
  const original = state.disbursements.get(command.disbursementId);
  if (!original) {
    return refuse('UNKNOWN_DISBURSEMENT', `no disbursement ${command.disbursementId} on this account`, { disbursementId: command.disbursementId });
  }
  if (original.reversed) {
    return refuse('DISBURSEMENT_ALREADY_REVERSED', `disbursement ${command.disbursementId} is already reversed`, {
      disbursementId: command.disbursementId,
      amountVnd: original.amountVnd.toString(),
    });
  }
  // A reversal credits the account again, so it counts against the balance limit like any
  // credit; otherwise repeated disburse/reverse cycles could push the disbursed figure past
  // what a signed 64-bit column holds.
  const overLimit = checkBalanceLimit(state, original.amountVnd);
  if (overLimit) return overLimit;
  return accept({ type: 'DisbursementReversed', data: { disbursementId: command.disbursementId, amountVnd: original.amountVnd, reason: command.reason } });
}
