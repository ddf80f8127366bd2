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
  | AccountClosed;

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
