import type { Vnd } from './money';

/**
 * Account events. Each is a fact in the past tense. Amounts are `bigint` here and
 * decimal strings once stored (see `event-catalogue.ts`). The decision reference and the effective
 * date of every event travel in its metadata.
 */

/** Money enters the ledger: a plan year's budget is assigned to a program account (giao kế hoạch / dự toán). */
export interface BudgetAssigned {
  readonly type: 'BudgetAssigned';
  readonly data: { readonly amountVnd: Vnd };
}

/** The account passed money down the locality tree or to a component project (phân bổ). Debit side. */
export interface FundsAllocated {
  readonly type: 'FundsAllocated';
  readonly data: { readonly transferId: string; readonly toAccountId: string; readonly amountVnd: Vnd };
}

/** The account moved money sideways under a decision (điều chỉnh / điều chuyển). Debit side. */
export interface FundsReallocated {
  readonly type: 'FundsReallocated';
  readonly data: { readonly transferId: string; readonly toAccountId: string; readonly amountVnd: Vnd; readonly reason: string };
}

/** The account sent unspent money back to an account that funded it (nộp trả). Debit side. */
export interface FundsReturned {
  readonly type: 'FundsReturned';
  readonly data: { readonly transferId: string; readonly toAccountId: string; readonly amountVnd: Vnd; readonly reason: string };
}

/**
 * Debit side of a hand-over: an ended unit's account passed money, in its original state, to the
 * successor's account of the same program, plan year, capital type, budget source and component
 * (bàn giao). `deadline` is the disbursement deadline the money had here; it travels with it.
 */
export interface FundsHandedOver {
  readonly type: 'FundsHandedOver';
  readonly data: { readonly transferId: string; readonly toAccountId: string; readonly amountVnd: Vnd; readonly deadline: string };
}

/**
 * The account of a unit that ceased to exist was closed by a hand-over decision, on `closedOn`
 * (the hand-over's effective date), right after the `FundsHandedOver` debits that emptied it. It
 * keeps its history and refuses every new movement; a transfer debited towards it before it
 * closed is still credited, and a later hand-over moves that money on.
 */
export interface AccountClosed {
  readonly type: 'AccountClosed';
  readonly data: { readonly closedOn: string };
}

export const transferKinds = ['allocation', 'reallocation', 'return', 'handover'] as const;
export type TransferKind = (typeof transferKinds)[number];

/**
 * The credit side of a transfer, recorded by the transfer process manager. Version 2 adds
 * `deadline` on the credit of a hand-over: the disbursement deadline the money brings from the
 * closed account (absent on every other credit, and on every version 1 event).
 */
export interface FundsReceived {
  readonly type: 'FundsReceived';
  readonly data: { readonly transferId: string; readonly fromAccountId: string; readonly amountVnd: Vnd; readonly transferKind: TransferKind; readonly deadline?: string };
}

/** Money paid out through the State Treasury (giải ngân), with the treasury voucher reference. */
export interface FundsDisbursed {
  readonly type: 'FundsDisbursed';
  readonly data: { readonly disbursementId: string; readonly amountVnd: Vnd; readonly voucherRef: string; readonly disbursedOn: string };
}

/** A disbursement was reversed; the original stays in the history and the money is available again. */
export interface DisbursementReversed {
  readonly type: 'DisbursementReversed';
  readonly data: { readonly disbursementId: string; readonly amountVnd: Vnd; readonly reason: string };
}

/** A decision let this account's money be disbursed after its normal deadline (kéo dài thời gian giải ngân). */
export interface DisbursementDeadlineExtended {
  readonly type: 'DisbursementDeadlineExtended';
  readonly data: { readonly previousDeadline: string; readonly newDeadline: string };
}

/**
 * The movements a second person must approve at or above a threshold (four-eyes, maker-checker),
 * named as their requests record them.
 */
export const movementKinds = ['budget-assignment', 'allocation', 'reallocation', 'return'] as const;
export type MovementKind = (typeof movementKinds)[number];

/** A request of a movement of this kind holds its amount in the source account until it is closed. An assignment brings money in: it holds nothing. */
export function holdsMoney(movementKind: MovementKind): boolean {
  return movementKind !== 'budget-assignment';
}

/**
 * A movement at or above its threshold was asked for and now waits for an approver who is not the
 * requester. `requestId` is the event's own id. The request keeps what the movement needs (its
 * destination, already resolved for a return without a named target; its reason, decision and
 * effective date), so that approving it records exactly the movement asked for. A debit's amount
 * is held — not available to other commands — until the request is approved, rejected or expires.
 */
export interface MovementRequested {
  readonly type: 'MovementRequested';
  readonly data: {
    readonly requestId: string;
    readonly movementKind: MovementKind;
    /** The destination account of a transfer; null for a budget assignment. */
    readonly toAccountId: string | null;
    readonly amountVnd: Vnd;
    /** A reallocation's or return's reason; null for the others. */
    readonly reason: string | null;
    /** The user who asked for it (the verified token's user id). */
    readonly requestedBy: string;
    /** The instant (ISO 8601) after which it can no longer be approved. */
    readonly expiresAt: string;
    /** The threshold that applied: the source account's level's, when the request was made. */
    readonly thresholdVnd: Vnd;
    /** The legal act the movement cites, and the date the client said it takes effect (null: the day it is approved). */
    readonly decisionRef: string | null;
    readonly effectiveDate: string | null;
  };
}

/**
 * An approver who is not the requester approved the request. Recorded in the same append as the
 * movement's own event (`BudgetAssigned`, or the debit `FundsAllocated` / `FundsReallocated` /
 * `FundsReturned` with `transferId` = the request id), so approval and movement are one fact,
 * written once.
 */
export interface MovementApproved {
  readonly type: 'MovementApproved';
  readonly data: {
    readonly requestId: string;
    readonly movementKind: MovementKind;
    readonly amountVnd: Vnd;
    readonly approvedBy: string;
    /** The transfer the approval started (the request id); null for a budget assignment. */
    readonly transferId: string | null;
  };
}

/** An approver refused the request, with a reason; its hold is released and nothing moves. */
export interface MovementRejected {
  readonly type: 'MovementRejected';
  readonly data: {
    readonly requestId: string;
    readonly movementKind: MovementKind;
    readonly amountVnd: Vnd;
    readonly rejectedBy: string;
    readonly reason: string;
  };
}

/** Nobody approved the request before it expired; its hold is released and nothing moves. Recorded by the ledger. */
export interface MovementRequestExpired {
  readonly type: 'MovementRequestExpired';
  readonly data: {
    readonly requestId: string;
    readonly movementKind: MovementKind;
    readonly amountVnd: Vnd;
    readonly expiresAt: string;
  };
}

/** The events of a request's life: they change what is held, never what was received or spent. */
export type MovementRequestEvent = MovementRequested | MovementApproved | MovementRejected | MovementRequestExpired;
export const movementRequestEventTypes = ['MovementRequested', 'MovementApproved', 'MovementRejected', 'MovementRequestExpired'] as const;

export function isMovementRequestEvent<E extends { readonly type: string }>(event: E): event is Extract<E, MovementRequestEvent> {
  return (movementRequestEventTypes as readonly string[]).includes(event.type);
}

export type AccountEvent =
  | BudgetAssigned
  | FundsAllocated
  | FundsReallocated
  | FundsReturned
  | FundsReceived
  | FundsDisbursed
  | DisbursementReversed
  | DisbursementDeadlineExtended
  | FundsHandedOver
  | AccountClosed
  | MovementRequestEvent;

export type AccountEventType = AccountEvent['type'];

/** The debit halves of transfers: each one is completed by a `FundsReceived` in the destination. */
export const transferDebitEventTypes = ['FundsAllocated', 'FundsReallocated', 'FundsReturned', 'FundsHandedOver'] as const;
export type TransferDebitEvent = FundsAllocated | FundsReallocated | FundsReturned | FundsHandedOver;

export function transferKindOf(event: TransferDebitEvent): TransferKind {
  switch (event.type) {
    case 'FundsAllocated':
      return 'allocation';
    case 'FundsReallocated':
      return 'reallocation';
    case 'FundsReturned':
      return 'return';
    case 'FundsHandedOver':
      return 'handover';
  }
}
