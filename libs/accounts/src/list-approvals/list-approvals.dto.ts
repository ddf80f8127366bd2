import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { budgetSources, capitalTypes, movementKinds, movementRequestStates, type MovementKind, type MovementRequestState } from '@ledger/domain';
import type { ApprovalRequestView } from '@ledger/read-models';
import { AccountIdParam, LocalityIdParam, OneOfParam, PageSizeParam, PositionCursorParams, ReadModelAnswer } from '@ledger/http';

/** Requests per page. */
export const approvalsPageSizeMax = 500;
export const approvalsPageSizeDefault = 100;

export class ApprovalsParams extends PositionCursorParams {
  @OneOfParam(movementRequestStates, { description: 'Where requests stand now: pending (can be approved), approved, rejected, expired (recorded, or past its expiry)', example: 'pending' }) state?: MovementRequestState;
  @LocalityIdParam({ description: 'Requests from accounts at this locality or anywhere below it; defaults to the token’s jurisdiction', example: '11' }) localityId?: string;
  @AccountIdParam({ description: 'Requests from this account', example: 'DTTS.2024.11.DTPT.NSTW._' }) accountId?: string;
  @OneOfParam(movementKinds, { example: 'allocation' }) movementKind?: MovementKind;
  @PageSizeParam(approvalsPageSizeMax, approvalsPageSizeDefault) limit?: number;
}

export class ApprovalRequestItemView {
  @ApiProperty({ description: 'The id of the MovementRequested event; an approved transfer takes it as its id', example: '0192a0c4-5b6e-7a31-9b1e-2c3d4e5f6a7b' }) requestId!: string;
  @ApiProperty({ description: 'The source account (for an assignment, the account assigned to)', example: 'DTTS.2024.11.DTPT.NSTW._' }) accountId!: string;
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ enum: budgetSources, example: 'NSTW' }) budgetSource!: string;
  @ApiProperty({ example: '11' }) localityId!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) componentCode!: string | null;
  @ApiProperty({ enum: movementKinds, example: 'allocation' }) movementKind!: string;
  @ApiProperty({ nullable: true, type: String, example: 'DTTS.2024.096.DTPT.NSTW._' }) toAccountId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '096' }) toLocalityId!: string | null;
  @ApiProperty({ example: '150000000000' }) amountVnd!: string;
  @ApiProperty({ description: 'The threshold of the source’s level that made it need approval', example: '100000000000' }) thresholdVnd!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) reason!: string | null;
  @ApiProperty({ description: 'The user who asked for it', example: 'can-bo-tinh-11' }) requestedBy!: string;
  @ApiProperty({ nullable: true, type: String, example: '11' }) requesterJurisdiction!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The requester’s command id', example: 'alloc-2024-0042' }) commandId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '215/QĐ-UBND' }) decisionRef!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The date the movement takes effect; null: the day it is approved', example: null }) effectiveDate!: string | null;
  @ApiProperty({ example: '2024-06-22T03:00:00.000Z' }) expiresAt!: string;
  @ApiProperty({ example: '1187' }) requestedPosition!: string;
  @ApiProperty({ example: '2024-06-15T03:00:00.000Z' }) requestedAt!: string;
  @ApiProperty({ enum: movementRequestStates, description: 'Where it stands now (pending past its expiry reads expired)', example: 'pending' }) state!: string;
  @ApiProperty({ enum: movementRequestStates, description: 'As the events record it', example: 'pending' }) recordedState!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who approved or rejected it', example: null }) decidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Position of the event that closed it', example: null }) decisionPosition!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The transfer an approval started', example: null }) transferId!: string | null;
}

export class ApprovalRequestResponse extends IntersectionType(ApprovalRequestItemView, ReadModelAnswer) {}

export class ApprovalsResponse extends ReadModelAnswer {
  @ApiProperty({ type: [ApprovalRequestItemView] }) requests!: ApprovalRequestItemView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as afterPosition for the next page; null on the last', example: null }) nextAfterPosition!: string | null;
}

export function toApprovalView(request: ApprovalRequestView): ApprovalRequestItemView {
  return {
    ...request,
    amountVnd: request.amountVnd.toString(),
    thresholdVnd: request.thresholdVnd.toString(),
    requestedPosition: request.requestedPosition.toString(),
    decisionPosition: request.decisionPosition === null ? null : request.decisionPosition.toString(),
  };
}
