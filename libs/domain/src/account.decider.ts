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
import { effectiveDateOf, type AccountCommand, type AccountDecision, type DecisionContext } from './account.commands';
import { checkLocalityInForce, checkNotClosed, firstRefusal } from './account.rules';
import { checkJurisdiction } from './jurisdiction';
import { lateEntryDays } from './ledger-policy';
import { refuse } from './refusals';
import type { AccountState } from './account.state';
import { decideAllocateFunds } from './accounts/allocate-funds.decision';
import { decideAssignBudget } from './accounts/assign-budget.decision';
import { decideExtendDisbursementDeadline } from './accounts/extend-disbursement-deadline.decision';
import { decideHandOverAccount } from './accounts/hand-over-account.decision';
import { decideReallocateFunds } from './accounts/reallocate-funds.decision';
import { decideReceiveFunds } from './accounts/receive-funds.decision';
import { decideRecordDisbursement } from './accounts/record-disbursement.decision';
import { decideReturnFunds } from './accounts/return-funds.decision';
import { decideReverseDisbursement } from './accounts/reverse-disbursement.decision';

/**
 * Dates every command but a transfer's credit must keep: no effect in the future, and back-dating
 * beyond the policy's window only under a cited decision (the entry is then marked late). A
 * credit takes the date of its debit, which was checked when the debit was decided.
 */
function checkRecordingDate(command: AccountCommand, context: DecisionContext): AccountDecision | undefined {
  if (command.kind === 'ReceiveFunds') return undefined;
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
 * effect. A credit completes a movement already decided, and a hand-over is how an ended unit's
 * accounts close, so neither is held to these.
 */
function checkMovementAllowed(command: AccountCommand, state: AccountState, context: DecisionContext): AccountDecision | undefined {
  if (command.kind === 'ReceiveFunds' || command.kind === 'HandOverAccount') return undefined;
  const date = effectiveDateOf(command, context);
  const destination = 'to' in command ? command.to : null;
  return firstRefusal(
    () => checkNotClosed(state, command.account),
    () => checkLocalityInForce(context.registry, command.account, date, 'account'),
    () => (destination ? checkLocalityInForce(context.registry, destination, date, 'destination') : undefined),
  );
}

export function decideAccount(command: AccountCommand, state: AccountState, context: DecisionContext): AccountDecision {
  const refused = checkJurisdiction(command, context.jurisdiction, context.registry) ?? checkRecordingDate(command, context) ?? checkMovementAllowed(command, state, context);
  if (refused) return refused;
  switch (command.kind) {
    case 'AssignBudget':
      return decideAssignBudget(command, state, context);
    case 'AllocateFunds':
      return decideAllocateFunds(command, state, context);
    case 'ReallocateFunds':
      return decideReallocateFunds(command, state, context);
    case 'ReturnFunds':
      return decideReturnFunds(command, state, context);
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
  }
}
