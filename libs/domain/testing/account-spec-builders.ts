/*
 * The accounts and builders the account deciders' specifications share: one registry and one
 * "today", DTTS 2024 investment accounts at real localities of the registry fixture, and short
 * builders for the events and commands of the given and when sections.
 */
import { accountId, type AccountKey } from '../src/account-id';
import type { AccountCommand } from '../src/account.commands';
import type { AccountEvent, MovementKind, TransferKind } from '../src/account.events';
import { defaultLedgerPolicy, type LedgerPolicy } from '../src/ledger-policy';
import type { Vnd } from '../src/money';
import { givenRegistry, type SpecifiedCommand } from './decider-specification';
import { mergedProgramFixtureEvents, registryFixtureEvents, registryReformFixtureEvents } from './registry.fixture';

export const registry = givenRegistry(registryFixtureEvents);
export const today = '2024-06-15';
export const context = { registry, today };

/** The registry after the 1 July 2025 reorganisation and the merged 2026–2035 program were registered. */
export const reformRegistry = givenRegistry([...registryFixtureEvents, ...registryReformFixtureEvents, ...mergedProgramFixtureEvents]);
/** A day after the reorganisation, when the old units' accounts are handed over. */
export const reformToday = '2025-07-15';
export const reformContext = { registry: reformRegistry, today: reformToday };

/** DTTS 2024 investment money from the central budget, at the nation's general account unless overridden. */
export function key(overrides: Partial<AccountKey> = {}): AccountKey {
  return { programCode: 'DTTS', planYear: 2024, localityId: 'VN', capitalType: 'DTPT', budgetSource: 'NSTW', componentCode: null, ...overrides };
}

export const nation = key();
export const dienBien = key({ localityId: '11' });
export const haNoi = key({ localityId: '01' });
export const dienBienPhu = key({ localityId: '094' });
export const muongNhe = key({ localityId: '096' });
export const baDinh = key({ localityId: '001' });
export const himLam = key({ localityId: '03127' });
export const xaMuongNhe = key({ localityId: '03160' });
export const dienBienDa1 = key({ localityId: '11', componentCode: 'DA1' });
export const dienBienDa2 = key({ localityId: '11', componentCode: 'DA2' });
export const dienBienPhuDa1 = key({ localityId: '094', componentCode: 'DA1' });
export const dienBienPhuDa2 = key({ localityId: '094', componentCode: 'DA2' });
export const dienBien2025 = key({ localityId: '11@2025' });
export const dienBienPhuWard2025 = key({ localityId: '03127@2025' });
export const muongNhe2025 = key({ localityId: '03160@2025' });
export const congVi = key({ localityId: '00007' });
export const ngocHa2025 = key({ localityId: '00008@2025' });
export const giangVo2025 = key({ localityId: '00025@2025' });

export const billion = 1_000_000_000n;
/** 2^53 + 1: the first whole number a JS `number` cannot hold. */
export const beyondDoublePrecisionVnd = 9_007_199_254_740_993n;

// Event builders keep the given sections short; every field is still spelled out where it is asserted.
export const assigned = (amountVnd: Vnd): AccountEvent => ({ type: 'BudgetAssigned', data: { amountVnd } });
export const receivedFrom = (from: AccountKey, amountVnd: Vnd, transferId: string, transferKind: TransferKind = 'allocation'): AccountEvent => ({
  type: 'FundsReceived',
  data: { transferId, fromAccountId: accountId(from), amountVnd, transferKind },
});
export const allocatedTo = (to: AccountKey, amountVnd: Vnd, transferId: string): AccountEvent => ({
  type: 'FundsAllocated',
  data: { transferId, toAccountId: accountId(to), amountVnd },
});
export const reallocatedTo = (to: AccountKey, amountVnd: Vnd, transferId: string, reason = 'NQ HĐND điều chỉnh'): AccountEvent => ({
  type: 'FundsReallocated',
  data: { transferId, toAccountId: accountId(to), amountVnd, reason },
});
export const returnedTo = (to: AccountKey, amountVnd: Vnd, transferId: string, reason = 'không sử dụng hết'): AccountEvent => ({
  type: 'FundsReturned',
  data: { transferId, toAccountId: accountId(to), amountVnd, reason },
});
export const disbursed = (disbursementId: string, amountVnd: Vnd, voucherRef: string, disbursedOn = '2024-05-20'): AccountEvent => ({
  type: 'FundsDisbursed',
  data: { disbursementId, amountVnd, voucherRef, disbursedOn },
});
export const reversed = (disbursementId: string, amountVnd: Vnd, reason = 'sai tài khoản thụ hưởng'): AccountEvent => ({
  type: 'DisbursementReversed',
  data: { disbursementId, amountVnd, reason },
});
export const extended = (previousDeadline: string, newDeadline: string): AccountEvent => ({
  type: 'DisbursementDeadlineExtended',
  data: { previousDeadline, newDeadline },
});
export const handedOverTo = (to: AccountKey, amountVnd: Vnd, transferId: string, deadline: string): AccountEvent => ({
  type: 'FundsHandedOver',
  data: { transferId, toAccountId: accountId(to), amountVnd, deadline },
});
export const closed = (closedOn: string): AccountEvent => ({ type: 'AccountClosed', data: { closedOn } });

// Command builders.
export const assign = (account: AccountKey, amountVnd: Vnd): AccountCommand => ({ kind: 'AssignBudget', account, amountVnd });
export const allocate = (account: AccountKey, to: AccountKey, amountVnd: Vnd, transferId = 'tr-1'): SpecifiedCommand => ({
  kind: 'AllocateFunds',
  account,
  to,
  amountVnd,
  firstEventId: transferId,
});
export const reallocate = (account: AccountKey, to: AccountKey, amountVnd: Vnd, transferId = 'tr-1', reason = 'NQ 111/2024/QH15'): SpecifiedCommand => ({
  kind: 'ReallocateFunds',
  account,
  to,
  amountVnd,
  reason,
  firstEventId: transferId,
});
export const returnFunds = (account: AccountKey, to: AccountKey | null, amountVnd: Vnd, transferId = 'tr-ret', reason = 'nộp trả'): SpecifiedCommand => ({
  kind: 'ReturnFunds',
  account,
  to,
  amountVnd,
  reason,
  firstEventId: transferId,
});
export const receive = (account: AccountKey, from: AccountKey, amountVnd: Vnd, transferId: string, transferKind: TransferKind = 'allocation'): AccountCommand => ({
  kind: 'ReceiveFunds',
  account,
  from,
  amountVnd,
  transferId,
  transferKind,
});
export const disburse = (account: AccountKey, amountVnd: Vnd, disbursedOn = '2024-06-01', voucherRef = 'KB-0001', disbursementId = 'd-1'): SpecifiedCommand => ({
  kind: 'RecordDisbursement',
  account,
  firstEventId: disbursementId,
  amountVnd,
  voucherRef,
  disbursedOn,
});
export const reverse = (account: AccountKey, disbursementId: string, reason = 'sai tài khoản thụ hưởng'): AccountCommand => ({
  kind: 'ReverseDisbursement',
  account,
  disbursementId,
  reason,
});
export const extend = (account: AccountKey, newDeadline: string, specialResolution = false): AccountCommand => ({ kind: 'ExtendDisbursementDeadline', account, newDeadline, specialResolution });
export const handOver = (account: AccountKey, shares: readonly (readonly [AccountKey, Vnd])[], firstEventId = 'ho-1'): SpecifiedCommand => ({
  kind: 'HandOverAccount',
  account,
  shares: shares.map(([to, amountVnd]) => ({ to, amountVnd })),
  firstEventId,
});

// Four-eyes: a policy that asks for approval at each level from these amounts, and the request's events.
export const fourEyesPolicy = (thresholds: Partial<LedgerPolicy['approvalThresholdsVnd']>, approvalExpiryHours = 72): LedgerPolicy => ({
  ...defaultLedgerPolicy,
  approvalThresholdsVnd: { ...defaultLedgerPolicy.approvalThresholdsVnd, ...thresholds },
  approvalExpiryHours,
});

export interface RequestedFields {
  readonly to?: AccountKey | null;
  readonly reason?: string | null;
  readonly requestedBy?: string;
  readonly expiresAt?: string;
  readonly thresholdVnd?: Vnd;
  readonly decisionRef?: string | null;
  readonly effectiveDate?: string | null;
}

export const requested = (requestId: string, movementKind: MovementKind, amountVnd: Vnd, fields: RequestedFields = {}): AccountEvent => ({
  type: 'MovementRequested',
  data: {
    requestId,
    movementKind,
    toAccountId: fields.to ? accountId(fields.to) : null,
    amountVnd,
    reason: fields.reason ?? null,
    requestedBy: fields.requestedBy ?? 'officer-a',
    expiresAt: fields.expiresAt ?? '2024-06-18T03:00:00.000Z',
    thresholdVnd: fields.thresholdVnd ?? 100n,
    decisionRef: fields.decisionRef === undefined ? 'QĐ-spec' : fields.decisionRef,
    effectiveDate: fields.effectiveDate ?? null,
  },
});
export const approved = (requestId: string, movementKind: MovementKind, amountVnd: Vnd, approvedBy = 'approver-b'): AccountEvent => ({
  type: 'MovementApproved',
  data: { requestId, movementKind, amountVnd, approvedBy, transferId: movementKind === 'budget-assignment' ? null : requestId },
});
export const rejected = (requestId: string, movementKind: MovementKind, amountVnd: Vnd, reason = 'hồ sơ chưa đủ', rejectedBy = 'approver-b'): AccountEvent => ({
  type: 'MovementRejected',
  data: { requestId, movementKind, amountVnd, rejectedBy, reason },
});
export const expired = (requestId: string, movementKind: MovementKind, amountVnd: Vnd, expiresAt = '2024-06-18T03:00:00.000Z'): AccountEvent => ({
  type: 'MovementRequestExpired',
  data: { requestId, movementKind, amountVnd, expiresAt },
});
export const approve = (account: AccountKey, requestId: string): AccountCommand => ({ kind: 'ApproveMovement', account, requestId });
export const reject = (account: AccountKey, requestId: string, reason = 'hồ sơ chưa đủ'): AccountCommand => ({ kind: 'RejectMovement', account, requestId, reason });
export const expire = (account: AccountKey, requestId: string): AccountCommand => ({ kind: 'ExpireMovementRequest', account, requestId });
