import type { AccountDecision, DecisionContext, MovementCommand } from '../account.commands';
import type { MovementKind, MovementRequested } from '../account.events';
import type { AccountState } from '../account.state';
import { approvalExpiresAt } from '../ledger-policy';
import type { Vnd } from '../money';
import { accept } from '../refusals';
import { decideAllocateFunds } from './allocate-funds.decision';
import { decideAssignBudget } from './assign-budget.decision';
import { decideReallocateFunds } from './reallocate-funds.decision';
import { decideReturnFunds } from './return-funds.decision';

/*
 * Four-eyes. A budget assignment, allocation, reallocation or return is first decided as itself,
 * with every rule of its own; only a movement that would be accepted can be asked for. At or above
 * the threshold of its source account's level it is then recorded as a request instead, which
 * holds a debit's amount until an approver signs (approve-movement.decision.ts), rejects it, or it
 * expires. The approval decides the movement again, so that what moves is what the rules allow
 * then.
 */

export function movementKindOfCommand(command: MovementCommand): MovementKind {
  switch (command.kind) {
    case 'AssignBudget':
      return 'budget-assignment';
    case 'AllocateFunds':
      return 'allocation';
    case 'ReallocateFunds':
      return 'reallocation';
    case 'ReturnFunds':
      return 'return';
  }
}

/** Decides a movement by its own rules only, whatever its amount. */
export function decideMovement(command: MovementCommand, state: AccountState, context: DecisionContext): AccountDecision {
  switch (command.kind) {
    case 'AssignBudget':
      return decideAssignBudget(command, state, context);
    case 'AllocateFunds':
      return decideAllocateFunds(command, state, context);
    case 'ReallocateFunds':
      return decideReallocateFunds(command, state, context);
    case 'ReturnFunds':
      return decideReturnFunds(command, state, context);
  }
}

/** The threshold of the source account's level, or null when movements there need no approval. */
export function approvalThresholdOf(command: MovementCommand, context: Pick<DecisionContext, 'registry' | 'policy'>): Vnd | null {
  const level = context.registry.locality(command.account.localityId)?.level;
  return level === undefined ? null : context.policy.approvalThresholdsVnd[level];
}

/** A movement as its client asked for it: recorded at once below the threshold, as a request at or above it. */
export function decideMovementUnderFourEyes(command: MovementCommand, state: AccountState, context: DecisionContext): AccountDecision {
  const decided = decideMovement(command, state, context);
  if (!decided.ok) return decided;
  const thresholdVnd = approvalThresholdOf(command, context);
  if (thresholdVnd === null || command.amountVnd < thresholdVnd) return decided;
  // The movement's own event names its destination as decided: a return without a named target has found its funder.
  const [movement] = decided.events;
  const toAccountId = movement && 'toAccountId' in movement.data ? movement.data.toAccountId : null;
  const requested: MovementRequested = {
    type: 'MovementRequested',
    data: {
      requestId: context.firstEventId,
      movementKind: movementKindOfCommand(command),
      toAccountId,
      amountVnd: command.amountVnd,
      reason: command.kind === 'ReallocateFunds' || command.kind === 'ReturnFunds' ? command.reason : null,
      requestedBy: context.actorId,
      expiresAt: approvalExpiresAt(context.now, context.policy),
      thresholdVnd,
      decisionRef: context.decisionRef,
      effectiveDate: context.effectiveDate,
    },
  };
  return accept(requested);
}
