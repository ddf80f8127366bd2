import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { correctedEventIdOf, eventCatalogue } from '@ledger/domain';
import type { AuditEntry } from '@ledger/read-models';
import { AccountIdParam, DateParam, FlagParam, LocalityIdParam, PageSizeParam, PositionCursorParams, ProgramCodeParam, QueryParam, type FlagText, ReadModelAnswer } from '@ledger/http';

/** Audit entries per page. */
export const auditPageSizeMax = 1_000;
export const auditPageSizeDefault = 100;
/** Event types one filter may name. */
export const auditEventTypesMax = 20;
export const auditEventTypes = Object.keys(eventCatalogue);
const instantPattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$/;

/** A date, or a date-time with its offset; the message names the parameter. */
function InstantParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    QueryParam(openApi, Matches(instantPattern, { message: `${String(propertyName)} must be an ISO 8601 date or date-time` }))(target, propertyName);
  };
}

export class AuditTrailParams extends PositionCursorParams {
  @ProgramCodeParam('Events of this program (its accounts, and its registration)') programCode?: string;
  @LocalityIdParam({ description: 'Events of accounts at this locality (and its registration)', example: '11' }) localityId?: string;
  @FlagParam({ description: 'With localityId: also every locality below it' }) subtree?: FlagText;
  @AccountIdParam({ description: 'Events of one account', example: 'DTTS.2024.096.DTPT.NSTW.DA4' }) accountId?: string;

  @QueryParam(
    { description: `Comma-separated event types, at most ${auditEventTypesMax}`, example: 'FundsDisbursed,DisbursementReversed' },
    Matches(/^[A-Za-z]+(,[A-Za-z]+)*$/, { message: 'eventTypes must be event type names separated by commas' }),
  )
  eventTypes?: string;

  @DateParam({ description: 'Effective on or after this date (YYYY-MM-DD)', example: '2024-01-01' }) effectiveFrom?: string;
  @DateParam({ description: 'Effective on or before this date (YYYY-MM-DD)', example: '2024-12-31' }) effectiveTo?: string;

  @InstantParam({ description: 'Recorded at or after this instant (ISO 8601; a bare date means its midnight UTC)', example: '2024-06-01T00:00:00Z' }) recordedFrom?: string;
  @InstantParam({ description: 'Recorded before this instant (exclusive)', example: '2024-07-01T00:00:00Z' }) recordedTo?: string;

  @PageSizeParam(auditPageSizeMax, auditPageSizeDefault) limit?: number;
}

export class AuditEntryView {
  @ApiProperty({ example: '1234' }) position!: string;
  @ApiProperty({ example: '0190f5c2-8d4e-7a31-9b1e-2c3d4e5f6a7b' }) eventId!: string;
  @ApiProperty({ enum: auditEventTypes, example: 'FundsDisbursed' }) eventType!: string;
  @ApiProperty({ example: 'account-DTTS.2024.096.DTPT.NSTW.DA4' }) streamId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'DTTS.2024.096.DTPT.NSTW.DA4' }) accountId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'DTTS' }) programCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '096' }) localityId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Whole đồng', example: '12345678901' }) amountVnd!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The other account of a transfer', example: null }) counterpartyAccountId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) transferId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) transferKind!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0190f5c2-8d4e-7a31-9b1e-2c3d4e5f6a7b' }) disbursementId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'KBNN-096-0001' }) voucherRef!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-06-14' }) disbursedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ke-toan-096' }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'finance-officer' }) actorRole!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '096' }) actorJurisdiction!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '412/QĐ-UBND' }) decisionRef!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-06-14' }) effectiveDate!: string | null;
  @ApiProperty({ example: '2024-06-14T03:12:45.123Z' }) recordedAt!: string;
  @ApiProperty({ nullable: true, type: String, example: 'cmd-7f3a' }) commandId!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Other fields of registry and deadline events', example: null }) details!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, description: 'The event this one corrects: a reversal names the id of the payment (FundsDisbursed) it reverses; null for every other event', example: null })
  corrects!: string | null;
}

export class AuditTrailResponse extends ReadModelAnswer {
  @ApiProperty({ type: [AuditEntryView] }) entries!: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as afterPosition for the next page; null on the last', example: null }) nextAfterPosition!: string | null;
}

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    ...entry,
    position: entry.position.toString(),
    amountVnd: entry.amountVnd === null ? null : entry.amountVnd.toString(),
    corrects: correctedEventIdOf({ type: entry.eventType, data: { disbursementId: entry.disbursementId } }),
  };
}
