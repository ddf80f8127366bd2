/*
 * The account decider: decideAccount(command, state, context) picks the decision for the command's
 * kind. What every decision shares sits beside this file, named for the account like
 * account.events.ts: the state and its evolve (account.state.ts), the commands and the decision
 * context (account.commands.ts) and the checks several commands make (account.rules.ts).
 *
 * Each command's decision is one file in accounts/, with its given/when/then spec beside it and
 * the checks only it makes inside it. The files are named like the use-case folders of the
 * accounts lib (accounts/allocate-funds.decision.ts decides what allocate-funds/ handles), so a
 * rule and its handler are found by one name. They stay flat: a decision is two files, too few
 * for a folder of its own.
 */
import { effectiveDateOf, isMovementRequestCommand, type AccountCommand, type AccountDecision, type DecisionContext } from './account.commands';
import { checkLocalityInForce, checkNotClosed, firstRefusal } from './account.rules';
import { parseAccountId, type AccountKey } from './account-id';
import { checkJurisdiction } from './jurisdiction';
import { lateEntryDays } from './ledger-policy';
import { refuse } from './refusals';
import type { AccountState } from './account.state';
import { decideApproveMovement } from './accounts/approve-movement.decision';
import { decideExpireMovementRequest } from './accounts/expire-movement-request.decision';
import { decideExtendDisbursementDeadline } from './accounts/extend-disbursement-deadline.decision';
import { decideHandOverAccount } from './accounts/hand-over-account.decision';
import { decideReceiveFunds } from './accounts/receive-funds.decision';
import { decideRecordDisbursement } from './accounts/record-disbursement.decision';
import { decideRejectMovement } from './accounts/reject-movement.decision';
import { decideMovementUnderFourEyes } from './accounts/request-movement.decision';
import { decideReverseDisbursement } from './accounts/reverse-disbursement.decision';

/**
 * Dates every command but a transfer's credit must keep: no effect in the future, and back-dating
 * beyond the policy's window only under a cited decision (the entry is then marked late). A
 * credit takes the date of its debit, which was checked when the debit was decided; a command on a
 * movement request takes the request's, checked when it was asked for.
 */
function checkRecordingDate(command: AccountCommand, context: DecisionContext): AccountDecision | undefined {
  if (command.kind === 'ReceiveFunds' || isMovementRequestCommand(command)) return undefined;
  const effectiveDate = effectiveDateOf(command, context);
  // A disbursement's own rules refuse a future payment date with their own code.
  if (command.kind !== 'RecordDisbursement' && effectiveDate > context.today) {
    return refuse('EFFECTIVE_DATE_IN_FUTURE', 'a ledger entry records what has happened: its effective date cannot be after today', { effectiveDate, today: context.today });
  }
  const daysLate = lateEntryDays(effectiveDate, context.today, context.policy);
  if (daysLate > 0 && context.decisionRef === null) {
    return refuse('LATE_ENTRY_NEEDS_DECISION', `an entry taking effect more than ${context.policy.backdatingWindowDays} days before it is recorded must cite a decision (decisionRef)`, {
      effectiveDate,
      today: context.today,
      daysLate,
      backdatingWindowDays: context.policy.backdatingWindowDays,
    });
  }
  return undefined;
}

/**
 * What every new movement must find: an open account, and units in force on the day it takes
 * effect. A credit completes a movement already decided, a hand-over is how an ended unit's
 * accounts close, and rejecting or expiring a movement request moves nothing (it releases a hold),
 * so none of them is held to these. An approval moves money now, and is.
 */
function checkMovementAllowed(command: AccountCommand, state: AccountState, context: DecisionContext): AccountDecision | undefined {
  if (command.kind === 'ReceiveFunds' || command.kind === 'HandOverAccount' || command.kind === 'RejectMovement' || command.kind === 'ExpireMovementRequest') return undefined;
  const { date, destination } = movementOf(command, state, context);
  return firstRefusal(
    () => checkNotClosed(state, command.account),
    () => checkLocalityInForce(context.registry, command.account, date, 'account'),
    () => (destination ? checkLocalityInForce(context.registry, destination, date, 'destination') : undefined),
  );
}

/**
 * The day a movement takes effect and where it goes. An approval moves what its request asked
 * for, on the request's date (or today when the request named none), to the request's
 * destination; an unknown request is left to the approval's own decision to refuse.
 */
function movementOf(command: AccountCommand, state: AccountState, context: DecisionContext): { readonly date: string; readonly destination: AccountKey | null } {
  if (command.kind === 'ApproveMovement') {
    const request = state.movementRequests.get(command.requestId);
    const destination = request?.toAccountId ? (parseAccountId(request.toAccountId) ?? null) : null;
    return { date: request?.effectiveDate ?? effectiveDateOf(command, context), destination };
  }
  return { date: effectiveDateOf(command, context), destination: 'to' in command ? command.to : null };
}

export function decideAccount(command: AccountCommand, state: AccountState, context: DecisionContext): AccountDecision {
  const refused = checkJurisdiction(command, context.jurisdiction, context.registry) ?? checkRecordingDate(command, context) ?? checkMovementAllowed(command, state, context);
  if (refused) return refused;
  switch (command.kind) {
    case 'AssignBudget':
    case 'AllocateFunds':
    case 'ReallocateFunds':
    case 'ReturnFunds':
      return decideMovementUnderFourEyes(command, state, context);
    case 'ReceiveFunds':
      return decideReceiveFunds(command, state, context);
    case 'RecordDisbursement':
      return decideRecordDisbursement(command, state, context);
    case 'ReverseDisbursement':
      return decideReverseDisbursement(command, state, context);
    case 'ExtendDisbursementDeadline':
      return decideExtendDisbursementDeadline(command, state, context);
    case 'HandOverAccount':
      return decideHandOverAccount(command, state, context);
    case 'ApproveMovement':
      return decideApproveMovement(command, state, context);
    case 'RejectMovement':
      return decideRejectMovement(command, state, context);
    case 'ExpireMovementRequest':
      return decideExpireMovementRequest(command, state, context);
  }
}
