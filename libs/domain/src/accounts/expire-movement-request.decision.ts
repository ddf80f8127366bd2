import { accountId } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../account.commands';
import type { AccountState } from '../account.state';
import { hasExpired } from '../ledger-policy';
import { accept, refuse } from '../refusals';

export type ExpireMovementRequest = Extract<AccountCommand, { readonly kind: 'ExpireMovementRequest' }>;

/**
 * The ledger records that a request nobody approved in time has expired, releasing its hold. A
 * request already closed — approved or rejected meanwhile, or expired by an earlier sweep — is
 * answered with no event, so a sweep re-driven after a crash never expires anything twice.
 */
export function decideExpireMovementRequest(command: ExpireMovementRequest, state: AccountState, context: DecisionContext): AccountDecision {
  const request = state.movementRequests.get(command.requestId);
  if (!request) {
    return refuse('APPROVAL_REQUEST_NOT_FOUND', `account ${accountId(command.account)} has no movement request ${command.requestId}`, {
      requestId: command.requestId,
      accountId: accountId(command.account),
    });
  }
  if (request.state !== 'pending') return accept();
  if (!hasExpired(request.expiresAt, context.now)) {
    return refuse('APPROVAL_REQUEST_NOT_EXPIRED', `movement request ${command.requestId} expires at ${request.expiresAt}`, { requestId: command.requestId, expiresAt: request.expiresAt, now: context.now });
  }
  return accept({ type: 'MovementRequestExpired', data: { requestId: request.requestId, movementKind: request.movementKind, amountVnd: request.amountVnd, expiresAt: request.expiresAt } });
}
