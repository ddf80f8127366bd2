import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import type { AccountState } from '../account.state';
import { accept } from '../refusals';
import { isDecision, pendingRequest } from './approve-movement.decision';

export type RejectMovement = Extract<AccountCommand, { readonly kind: 'RejectMovement' }>;

/**
 * An approver refuses a pending request, with a reason, and its hold is released. Rejecting moves
 * no money, so it needs no second person: an approver may withdraw a request they made themselves.
 */
export function decideRejectMovement(command: RejectMovement, state: AccountState, context: DecisionContext): AccountDecision {
  const found = pendingRequest(state, command.account, command.requestId, context.now);
  if (isDecision(found)) return found;
  return accept({
    type: 'MovementRejected',
    data: { requestId: found.requestId, movementKind: found.movementKind, amountVnd: found.amountVnd, rejectedBy: context.actorId, reason: command.reason },
  });
}
