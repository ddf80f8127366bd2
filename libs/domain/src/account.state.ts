import { normalizeVoucherRef } from './voucher-ref';
import type { AccountKey } from './account-id';
import { holdsMoney, isMovementRequestEvent, type AccountEvent, type MovementRequestEvent, type MovementRequested } from './account.events';
import type { Vnd } from './money';
import { PersistentMap, PersistentSet } from './persistent-collections';

/** The largest balance any figure of one account may reach: the signed 64-bit storage limit. */
export const balanceVndMax: Vnd = 9_223_372_036_854_775_807n;

export interface DisbursementRecord {
  readonly amountVnd: Vnd;
  readonly voucherRef: string;
  readonly disbursedOn: string;
  readonly reversed: boolean;
}

export const movementRequestStates = ['pending', 'approved', 'rejected', 'expired'] as const;
export type MovementRequestState = (typeof movementRequestStates)[number];

/**
 * A movement asked for under four-eyes, as its request recorded it (all but the threshold that
 * applied), and where it stands.
 */
export type MovementRequestRecord = Omit<MovementRequested['data'], 'thresholdVnd'> & { readonly state: MovementRequestState };

/** What an account's movements come to, kind by kind: the totals an account keeps and a subtree sums. */
export interface MovementTotals {
  readonly receivedVnd: Vnd;
  readonly allocatedOutVnd: Vnd;
  readonly reallocatedOutVnd: Vnd;
  readonly returnedVnd: Vnd;
  readonly disbursedVnd: Vnd;
  readonly reversedVnd: Vnd;
  /** Credits minus debits minus what pending requests hold; never below zero. */
  readonly availableVnd: Vnd;
}

/** The totals before any movement. */
export const zeroMovementTotals: MovementTotals = {
  receivedVnd: 0n,
  allocatedOutVnd: 0n,
  reallocatedOutVnd: 0n,
  returnedVnd: 0n,
  disbursedVnd: 0n,
  reversedVnd: 0n,
  availableVnd: 0n,
};

/** The movement totals alone, of a state or of anything that keeps them. */
export function movementTotalsOf(totals: MovementTotals): MovementTotals {
  return {
    receivedVnd: totals.receivedVnd,
    allocatedOutVnd: totals.allocatedOutVnd,
    reallocatedOutVnd: totals.reallocatedOutVnd,
    returnedVnd: totals.returnedVnd,
    disbursedVnd: totals.disbursedVnd,
    reversedVnd: totals.reversedVnd,
    availableVnd: totals.availableVnd,
  };
}

/** One account's state, folded from its own events only. */
export interface AccountState extends MovementTotals {
  readonly opened: boolean;
  /** What this account's pending movement requests hold: debits asked for and not yet approved, rejected or expired. */
  readonly heldVnd: Vnd;
  /** Every movement request made on this account, pending or closed, by request id. */
  readonly movementRequests: PersistentMap<string, MovementRequestRecord>;
  /** The last day money of this account may be disbursed (ISO date), or null before the account opens. */
  readonly deadline: string | null;
  readonly disbursements: PersistentMap<string, DisbursementRecord>;
  /**
   * Every treasury voucher this account recorded, normalised, with the disbursement that used it.
   * A voucher pays once: a reversal does not free it (the Treasury issues a new voucher for a new
   * payment). Across accounts the store holds the voucher as a unique key.
   */
  readonly vouchers: PersistentMap<string, string>;
  /** Net money received from each funding account (received from it minus returned to it). */
  readonly fundingByAccount: PersistentMap<string, Vnd>;
  /** Transfers already credited here, so a credit is never applied twice. */
  readonly receivedTransfers: PersistentSet<string>;
  /** Handed over to successors' accounts when the unit ceased to exist. */
  readonly handedOverVnd: Vnd;
  /** Closed by a hand-over: the account refuses every new movement. */
  readonly closed: boolean;
  /** The day the hand-over that closed it took effect, or null while open. */
  readonly closedOn: string | null;
  /** The accounts it handed money over to. */
  readonly successorAccountIds: readonly string[];
}

export const initialAccountState: AccountState = {
  opened: false,
  ...zeroMovementTotals,
  heldVnd: 0n,
  movementRequests: PersistentMap.empty(),
  deadline: null,
  disbursements: PersistentMap.empty(),
  vouchers: PersistentMap.empty(),
  fundingByAccount: PersistentMap.empty(),
  receivedTransfers: PersistentSet.empty(),
  handedOverVnd: 0n,
  closed: false,
  closedOn: null,
  successorAccountIds: [],
};

/**
 * The normal disbursement deadline of a plan year's money: investment capital may be paid
 * until 31 January of the next year; recurrent funds until the end of the plan year. A later
 * date needs an extension decision (`DisbursementDeadlineExtended`).
 */
export function defaultDisbursementDeadline(key: Pick<AccountKey, 'planYear' | 'capitalType'>): string {
  return key.capitalType === 'DTPT' ? `${key.planYear + 1}-01-31` : `${key.planYear}-12-31`;
}

/**
 * A request's life moves money between held and available, never in or out: a request does not
 * open an account (an assignment asked for is not money received), and a hold is released by
 * whatever closes the request — the approval (whose movement, recorded beside it, then debits or
 * credits the account), a rejection or the expiry.
 */
function evolveMovementRequest(state: AccountState, event: MovementRequestEvent): AccountState {
  if (event.type === 'MovementRequested') {
    const { requestId, movementKind, toAccountId, amountVnd, reason, requestedBy, expiresAt, decisionRef, effectiveDate } = event.data;
    const movementRequests = state.movementRequests.set(requestId, { requestId, movementKind, toAccountId, amountVnd, reason, requestedBy, expiresAt, decisionRef, effectiveDate, state: 'pending' });
    if (!holdsMoney(movementKind)) return { ...state, movementRequests };
    return { ...state, movementRequests, heldVnd: state.heldVnd + amountVnd, availableVnd: state.availableVnd - amountVnd };
  }
  const closedAs: MovementRequestState = event.type === 'MovementApproved' ? 'approved' : event.type === 'MovementRejected' ? 'rejected' : 'expired';
  const request = state.movementRequests.get(event.data.requestId);
  const movementRequests = request ? state.movementRequests.set(request.requestId, { ...request, state: closedAs }) : state.movementRequests;
  if (!holdsMoney(event.data.movementKind)) return { ...state, movementRequests };
  return { ...state, movementRequests, heldVnd: state.heldVnd - event.data.amountVnd, availableVnd: state.availableVnd + event.data.amountVnd };
}

export function evolveAccount(state: AccountState, event: AccountEvent, key: AccountKey): AccountState {
  if (isMovementRequestEvent(event)) return evolveMovementRequest(state, event);
  const opened = state.opened ? state : { ...state, opened: true, deadline: defaultDisbursementDeadline(key) };
  switch (event.type) {
    case 'BudgetAssigned':
      return { ...opened, receivedVnd: opened.receivedVnd + event.data.amountVnd, availableVnd: opened.availableVnd + event.data.amountVnd };
    case 'FundsReceived': {
      // Only an allocation makes the sender a funder that unspent money can be returned to.
      const fundingByAccount =
        event.data.transferKind === 'allocation'
          ? opened.fundingByAccount.set(event.data.fromAccountId, (opened.fundingByAccount.get(event.data.fromAccountId) ?? 0n) + event.data.amountVnd)
          : opened.fundingByAccount;
      const receivedTransfers = opened.receivedTransfers.add(event.data.transferId);
      // Money handed over keeps its deadline: where it meets money with an earlier one, the later
      // deadline applies to the account (the hand-over plan shows where deadlines differ).
      const carried = event.data.deadline;
      const deadline = carried !== undefined && opened.deadline !== null && carried > opened.deadline ? carried : opened.deadline;
      return {
        ...opened,
        receivedVnd: opened.receivedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd + event.data.amountVnd,
        fundingByAccount,
        receivedTransfers,
        deadline,
      };
    }
    case 'FundsHandedOver': {
      const known = opened.successorAccountIds.includes(event.data.toAccountId);
      return {
        ...opened,
        handedOverVnd: opened.handedOverVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd - event.data.amountVnd,
        successorAccountIds: known ? opened.successorAccountIds : [...opened.successorAccountIds, event.data.toAccountId],
      };
    }
    case 'AccountClosed':
      return { ...opened, closed: true, closedOn: event.data.closedOn };
    case 'FundsAllocated':
      return { ...opened, allocatedOutVnd: opened.allocatedOutVnd + event.data.amountVnd, availableVnd: opened.availableVnd - event.data.amountVnd };
    case 'FundsReallocated':
      return { ...opened, reallocatedOutVnd: opened.reallocatedOutVnd + event.data.amountVnd, availableVnd: opened.availableVnd - event.data.amountVnd };
    case 'FundsReturned': {
      const fundingByAccount = opened.fundingByAccount.set(event.data.toAccountId, (opened.fundingByAccount.get(event.data.toAccountId) ?? 0n) - event.data.amountVnd);
      return {
        ...opened,
        returnedVnd: opened.returnedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd - event.data.amountVnd,
        fundingByAccount,
      };
    }
    case 'FundsDisbursed': {
      const disbursements = opened.disbursements.set(event.data.disbursementId, {
        amountVnd: event.data.amountVnd,
        voucherRef: event.data.voucherRef,
        disbursedOn: event.data.disbursedOn,
        reversed: false,
      });
      return {
        ...opened,
        disbursedVnd: opened.disbursedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd - event.data.amountVnd,
        disbursements,
        // Events recorded before references were normalised are folded in their normalised form.
        vouchers: opened.vouchers.set(normalizeVoucherRef(event.data.voucherRef), event.data.disbursementId),
      };
    }
    case 'DisbursementReversed': {
      const original = opened.disbursements.get(event.data.disbursementId);
      const disbursements = original ? opened.disbursements.set(event.data.disbursementId, { ...original, reversed: true }) : opened.disbursements;
      return {
        ...opened,
        reversedVnd: opened.reversedVnd + event.data.amountVnd,
        availableVnd: opened.availableVnd + event.data.amountVnd,
        disbursements,
      };
    }
    case 'DisbursementDeadlineExtended':
      return { ...opened, deadline: event.data.newDeadline };
  }
}

export function foldAccount(key: AccountKey, events: readonly AccountEvent[], state: AccountState = initialAccountState): AccountState {
  return events.reduce((current, event) => evolveAccount(current, event, key), state);
}
