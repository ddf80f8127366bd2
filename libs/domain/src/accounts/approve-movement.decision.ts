import { accountId, parseAccountId, type AccountKey } from '../account-id';
import type { AccountCommand, AccountDecision, DecisionContext, MovementCommand } from '../account.commands';
import type { MovementApproved } from '../account.events';
import { evolveAccount, type AccountState, type MovementRequestRecord } from '../account.state';
import { coversLocality } from '../jurisdiction';
import { hasExpired } from '../ledger-policy';
import { accept, refuse } from '../refusals';
import { decideMovement } from './request-movement.decision';

export type ApproveMovement = Extract<AccountCommand, { readonly kind: 'ApproveMovement' }>;

/**
 * The request a command names, if it can still be decided: known on this account, pending, and not
 * yet expired. An approval and a rejection share these checks.
 */
export function pendingRequest(state: AccountState, key: AccountKey, requestId: string, now: string): MovementRequestRecord | AccountDecision {
  const request = state.movementRequests.get(requestId);
  if (!request) {
    return refuse('APPROVAL_REQUEST_NOT_FOUND', `account ${accountId(key)} has no movement request ${requestId}`, { requestId, accountId: accountId(key) });
  }
  if (request.state !== 'pending') {
    return refuse('APPROVAL_REQUEST_NOT_PENDING', `movement request ${requestId} is already ${request.state}`, { requestId, state: request.state });
  }
  if (hasExpired(request.expiresAt, now)) {
    return refuse('APPROVAL_REQUEST_EXPIRED', `movement request ${requestId} expired at ${request.expiresAt}`, { requestId, expiresAt: request.expiresAt, now });
  }
  return request;
}

export function isDecision(value: MovementRequestRecord | AccountDecision): value is AccountDecision {
  return 'ok' in value;
}

/** The movement a request asked for, as a command decided again at approval. */
function movementOf(request: MovementRequestRecord, account: AccountKey): MovementCommand | undefined {
  if (request.movementKind === 'budget-assignment') return { kind: 'AssignBudget', account, amountVnd: request.amountVnd };
  const to = request.toAccountId === null ? undefined : parseAccountId(request.toAccountId);
  if (!to) return undefined;
  switch (request.movementKind) {
    case 'allocation':
      return { kind: 'AllocateFunds', account, to, amountVnd: request.amountVnd };
    case 'reallocation':
      return { kind: 'ReallocateFunds', account, to, amountVnd: request.amountVnd, reason: request.reason ?? '' };
    case 'return':
      return { kind: 'ReturnFunds', account, to, amountVnd: request.amountVnd, reason: request.reason ?? '' };
  }
}

/**
 * The second signature. The approver is not the requester, and may act where the movement acts:
 * the source (checked for every command by the decider) and, for a reallocation, its destination
 * too, as its requester had to. The movement is then decided again by its own rules, against the
 * account with the request's hold released: the hold kept its money available, but the registry
 * may have changed since. The approval and the movement are one decision, recorded in one append
 * (the approval first), so money moves exactly once or not at all. The transfer takes the request's
 * id, and the movement the request's decision and effective date.
 */
export function decideApproveMovement(command: ApproveMovement, state: AccountState, context: DecisionContext): AccountDecision {
  const found = pendingRequest(state, command.account, command.requestId, context.now);
  if (isDecision(found)) return found;
  const request = found;
  if (request.requestedBy === context.actorId) {
    return refuse('SELF_APPROVAL_NOT_ALLOWED', 'a movement is approved by someone other than the person who asked for it', { requestId: request.requestId, requestedBy: request.requestedBy });
  }
  if (request.movementKind === 'reallocation' && context.jurisdiction !== null && request.toAccountId !== null) {
    const to = parseAccountId(request.toAccountId);
    if (to && !coversLocality(context.registry, context.jurisdiction, to.localityId)) {
      return refuse('OUTSIDE_JURISDICTION', `account ${request.toAccountId} is outside the jurisdiction ${context.jurisdiction} of this approver`, {
        jurisdiction: context.jurisdiction,
        accountId: request.toAccountId,
        localityId: to.localityId,
      });
    }
  }
  const transfer = request.movementKind !== 'budget-assignment';
  const approved: MovementApproved = {
    type: 'MovementApproved',
    data: { requestId: request.requestId, movementKind: request.movementKind, amountVnd: request.amountVnd, approvedBy: context.actorId, transferId: transfer ? request.requestId : null },
  };
  const movement = movementOf(request, command.account);
  // A request names a destination that parses: the decider wrote it from an account key.
  if (!movement) throw new Error(`movement request ${request.requestId} names no destination account it can be decided for`);
  const released = evolveAccount(state, approved, command.account);
  const decided = decideMovement(movement, released, { ...context, firstEventId: request.requestId, decisionRef: request.decisionRef, effectiveDate: request.effectiveDate });
  if (!decided.ok) return decided;
  return accept(approved, ...decided.events);
}
