import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { clientCommandIdMessage, clientCommandIdPattern } from '@ledger/commands';
import { OptionalField } from '@ledger/http';

/**
 * An approval's body: its command id only. What moves, under which decision and from which date,
 * is the request's; the approver adds nothing to it but the signature.
 */
export class ApproveMovementDto {
  @ApiPropertyOptional({ description: 'Client-chosen command id (or the Idempotency-Key header); a retry answers the first result', example: 'approve-0192-1' })
  @OptionalField()
  @Matches(clientCommandIdPattern, { message: `commandId ${clientCommandIdMessage}` })
  commandId?: string;
}

export class ApprovalDecisionResponse {
  @ApiProperty({ example: 'approve-0192-1' }) commandId!: string;
  @ApiProperty({ description: 'The source account, whose stream holds the request and its decision', example: 'DTTS.2024.VN.DTPT.NSTW._' }) accountId!: string;
  @ApiProperty({ type: [String] }) eventIds!: readonly string[];
  @ApiProperty({ example: '4' }) revision!: string;
  @ApiProperty({ description: 'Global position of the last event written: pass it as minPosition to read your write', example: '1187' }) position!: string;
  @ApiProperty() duplicate!: boolean;
  @ApiProperty({ example: '0192a0c4-…' }) requestId!: string;
  @ApiProperty({ enum: ['approved', 'rejected'] }) state!: string;
}

export class ApprovalResponse extends ApprovalDecisionResponse {
  @ApiProperty({ description: 'The transfer the approval started: the request id; null for a budget assignment', nullable: true, type: String }) transferId!: string | null;
  @ApiProperty({ description: 'The movement’s own event (BudgetAssigned, FundsAllocated, FundsReallocated or FundsReturned)', example: '0192a0c5-…' }) movementEventId!: string;
}
