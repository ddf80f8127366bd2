import type { AuditEntry } from '@ledger/read-models';
import { LocalityIdParam, OneOfParam, PositionParam, ProgramCodeParam } from '@ledger/http';

export const feedKinds = ['balances', 'audit'] as const;
export type FeedKind = (typeof feedKinds)[number];

/** The events that change an account's figures, and with them every roll-up above it. */
export const balanceEventTypes: readonly string[] = [
  'BudgetAssigned',
  'FundsAllocated',
  'FundsReceived',
  'FundsReallocated',
  'FundsReturned',
  'FundsDisbursed',
  'DisbursementReversed',
  'FundsHandedOver',
  'DisbursementDeadlineExtended',
  'MovementRequested',
  'MovementApproved',
  'MovementRejected',
  'MovementRequestExpired',
];

export class FeedParams {
  @OneOfParam(feedKinds, { description: 'balances (default): changes of balances and roll-ups, for reporting services and dashboards; audit: every audit-trail entry (auditors only)' }) kind?: FeedKind;
  @ProgramCodeParam('Only this program') programCode?: string;
  @LocalityIdParam({ description: 'Only this locality and everything under it (default: the token’s jurisdiction)', example: '11' }) localityId?: string;

  @PositionParam({ description: 'Start after this position (exclusive); default: from now. A `Last-Event-ID` header, sent by a client resuming, takes precedence', example: '0' })
  afterPosition?: string;

  @PositionParam({
    description: 'End the stream once every entry up to this position (inclusive) is sent: a reporting service catching up, then stopping; default: follow for as long as the connection lasts',
    example: '5000',
  })
  throughPosition?: string;
}

/** A balance change as the feed sends it: what moved where; read the figures with `minPosition` = its position. */
export function balanceChangeOf(entry: AuditEntry): Record<string, unknown> {
  return {
    position: entry.position.toString(),
    eventType: entry.eventType,
    accountId: entry.accountId,
    localityId: entry.localityId,
    programCode: entry.programCode,
    amountVnd: entry.amountVnd === null ? null : entry.amountVnd.toString(),
    counterpartyAccountId: entry.counterpartyAccountId,
    transferKind: entry.transferKind,
    effectiveDate: entry.effectiveDate,
    recordedAt: entry.recordedAt,
  };
}
