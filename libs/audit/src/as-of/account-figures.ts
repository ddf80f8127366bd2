import { movementTotalsOf, type AccountEvent, type AccountState, type MovementTotals } from '@ledger/domain';

/**
 * What an account's answer shows, taken from the domain's state after an event: the amounts and
 * counts, which add up event by event, and the few facts an event sets (deadline, closing,
 * successors). The as-of index keeps one per event of a stream, so a view that is a prefix of
 * the stream is answered by a look-up, and one with late entries by adding their differences.
 */
export interface AccountFigures extends MovementTotals {
  readonly handedOverVnd: bigint;
  readonly heldVnd: bigint;
  readonly pendingApprovalRequestCount: number;
  readonly disbursementCount: number;
  readonly reversedDisbursementCount: number;
  readonly deadline: string | null;
  readonly closed: boolean;
  readonly closedOn: string | null;
  readonly successorAccountIds: readonly string[];
}

const additiveAmounts = ['receivedVnd', 'allocatedOutVnd', 'reallocatedOutVnd', 'returnedVnd', 'disbursedVnd', 'reversedVnd', 'availableVnd', 'handedOverVnd', 'heldVnd'] as const;
const additiveCounts = ['pendingApprovalRequestCount', 'disbursementCount', 'reversedDisbursementCount'] as const;

/** The figures of a state. Counting reads the state's collections: call it on the newest state of a fold, where that is cheap. */
export function figuresOf(state: AccountState): AccountFigures {
  const pending = countPending(state);
  let reversed = 0;
  for (const record of state.disbursements.values()) if (record.reversed) reversed += 1;
  return {
    ...figuresOfAmounts(state),
    pendingApprovalRequestCount: pending,
    disbursementCount: state.disbursements.size,
    reversedDisbursementCount: reversed,
    ...factsOf(state),
  };
}

/**
 * The figures after one more event, from those before it and the states the fold went between:
 * the counts move only when the event touched their collection (an event that leaves one alone
 * returns the same object), so folding a long stream does not recount it at every event.
 */
export function nextFigures(before: AccountFigures, event: AccountEvent, previous: AccountState, next: AccountState): AccountFigures {
  const reversal = event.type === 'DisbursementReversed' ? previous.disbursements.get(event.data.disbursementId) : undefined;
  return {
    ...figuresOfAmounts(next),
    pendingApprovalRequestCount: previous.movementRequests === next.movementRequests ? before.pendingApprovalRequestCount : countPending(next),
    disbursementCount: next.disbursements.size,
    reversedDisbursementCount: before.reversedDisbursementCount + (reversal && !reversal.reversed ? 1 : 0),
    ...factsOf(next),
  };
}

function figuresOfAmounts(state: AccountState): Pick<AccountFigures, (typeof additiveAmounts)[number]> {
  return {
    ...movementTotalsOf(state),
    handedOverVnd: state.handedOverVnd,
    heldVnd: state.heldVnd,
  };
}

function factsOf(state: AccountState): Pick<AccountFigures, 'deadline' | 'closed' | 'closedOn' | 'successorAccountIds'> {
  return { deadline: state.deadline, closed: state.closed, closedOn: state.closedOn, successorAccountIds: state.successorAccountIds };
}

function countPending(state: AccountState): number {
  let pending = 0;
  for (const request of state.movementRequests.values()) if (request.state === 'pending') pending += 1;
  return pending;
}

/** True when the facts differ between the two (an event between them set one: not only moved amounts and counts). */
export function setsAFact(before: AccountFigures, after: AccountFigures): boolean {
  return before.deadline !== after.deadline || before.closed !== after.closed || before.closedOn !== after.closedOn || before.successorAccountIds !== after.successorAccountIds;
}

/** `base` plus the difference one event made (`after` − `before`), for the amounts and counts. */
export function withDifference(base: AccountFigures, before: AccountFigures, after: AccountFigures): AccountFigures {
  const sum: Record<string, bigint | number> = {};
  for (const field of additiveAmounts) sum[field] = base[field] + after[field] - before[field];
  for (const field of additiveCounts) sum[field] = base[field] + after[field] - before[field];
  return { ...base, ...(sum as Pick<AccountFigures, (typeof additiveAmounts)[number] | (typeof additiveCounts)[number]>) };
}

/**
 * The figures of a state whose collections are partial (a fold from the account history loads
 * only the entries its events touch), with the counts the fold kept: its amounts and facts are exact.
 */
export function figuresOfPartial(state: AccountState, counts: Pick<AccountFigures, (typeof additiveCounts)[number]>): AccountFigures {
  return {
    ...figuresOfAmounts(state),
    pendingApprovalRequestCount: counts.pendingApprovalRequestCount,
    disbursementCount: counts.disbursementCount,
    reversedDisbursementCount: counts.reversedDisbursementCount,
    ...factsOf(state),
  };
}
