import type { MovementKind, MovementRequestState } from '@ledger/domain';
import { columnNames, fundingLineColumns, readTable, type ColumnDefinition } from '../schema/table-definition';
import type { AccountRef, DecodedEvent, EventDecoder } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * Approvals: one row per movement request (four-eyes), from `MovementRequested` to the event
 * that closes it — `MovementApproved`, `MovementRejected` or `MovementRequestExpired` — so
 * approvers list what waits in their jurisdiction and requesters follow their own.
 *
 * A request and its closing event are in one account stream, the closing event after the
 * request: a batch either holds both (the row is written closed) or the closing event comes in a
 * later batch, when the row is stored already and is updated. Either way the row is the same.
 */

/** What a movement request says when it is made, as its row keeps it and its readers see it. */
export interface MovementRequestFacts {
  readonly amountVnd: bigint;
  readonly thresholdVnd: bigint;
  readonly reason: string | null;
  readonly requestedBy: string;
  readonly requesterJurisdiction: string | null;
  /** The requester's own command id (a client id, in the requester's namespace). */
  readonly commandId: string | null;
  readonly decisionRef: string | null;
  readonly effectiveDate: string | null;
  readonly expiresAt: string;
  readonly requestedPosition: bigint;
  readonly requestedAt: string;
}

interface RequestRow extends MovementRequestFacts {
  readonly requestId: string;
  readonly account: AccountRef;
  readonly movementKind: MovementKind;
  readonly to: AccountRef | null;
  closing: Closing | null;
}

interface Closing {
  readonly requestId: string;
  readonly state: Exclude<MovementRequestState, 'pending'>;
  readonly decidedBy: string | null;
  readonly decidedAt: string;
  readonly decisionPosition: bigint;
  readonly rejectionReason: string | null;
  readonly transferId: string | null;
}

const approvalRequestColumnDefinitions: readonly ColumnDefinition[] = [
  ['request_id', 'text'], ['account_id', 'text'], ...fundingLineColumns, ['locality_id', 'text'], ['component_code', 'text', 'nullable'],
  ['movement_kind', 'text'], ['to_account_id', 'text', 'nullable'], ['to_locality_id', 'text', 'nullable'], ['amount_vnd', 'bigint'], ['threshold_vnd', 'bigint'], ['reason', 'text', 'nullable'],
  ['requested_by', 'text'], ['requester_jurisdiction', 'text', 'nullable'], ['command_id', 'text', 'nullable'], ['decision_ref', 'text', 'nullable'], ['effective_date', 'text', 'nullable'],
  ['expires_at', 'text'], ['requested_position', 'bigint'], ['requested_at', 'text'],
  ['state', 'text'], ['decided_by', 'text', 'nullable'], ['decided_at', 'text', 'nullable'], ['decision_position', 'bigint', 'nullable'], ['rejection_reason', 'text', 'nullable'], ['transfer_id', 'text', 'nullable'],
];
export const approvalRequestColumns = columnNames(approvalRequestColumnDefinitions);

export const approvalRequestsTable = readTable({
  name: 'approval_requests',
  columns: approvalRequestColumnDefinitions,
  primaryKey: ['request_id'],
  indexes: [
    // Listing in request order, within a locality (through the closure table) or by requester; the expiry sweep by state and instant.
    { name: 'approval_requests_by_position', columns: ['requested_position'] },
    { name: 'approval_requests_by_locality', columns: ['locality_id', 'requested_position'] },
    { name: 'approval_requests_by_requester', columns: ['requested_by', 'requested_position'] },
    { name: 'approval_requests_by_expiry', columns: ['state', 'expires_at'] },
  ],
});

class ApprovalsBatch implements ProjectionBatch {
  private readonly requests = new Map<string, RequestRow>();
  /** Closings of requests stored by an earlier batch, in position order. */
  private readonly laterClosings: Closing[] = [];

  constructor(private readonly decoder: EventDecoder) {}

  apply(decoded: DecodedEvent): void {
    const { event, account, metadata } = decoded;
    if (!account) return;
    switch (event.type) {
      case 'MovementRequested': {
        const { data } = event;
        this.requests.set(data.requestId, {
          requestId: data.requestId,
          account,
          movementKind: data.movementKind,
          to: data.toAccountId === null ? null : this.decoder.account(data.toAccountId),
          amountVnd: data.amountVnd,
          thresholdVnd: data.thresholdVnd,
          reason: data.reason,
          requestedBy: data.requestedBy,
          requesterJurisdiction: metadata.actorJurisdiction,
          commandId: metadata.commandId,
          decisionRef: data.decisionRef,
          effectiveDate: data.effectiveDate,
          expiresAt: data.expiresAt,
          requestedPosition: decoded.position,
          requestedAt: decoded.recordedAtText,
          closing: null,
        });
        return;
      }
      case 'MovementApproved':
        return this.close({ requestId: event.data.requestId, state: 'approved', decidedBy: event.data.approvedBy, rejectionReason: null, transferId: event.data.transferId }, decoded);
      case 'MovementRejected':
        return this.close({ requestId: event.data.requestId, state: 'rejected', decidedBy: event.data.rejectedBy, rejectionReason: event.data.reason, transferId: null }, decoded);
      case 'MovementRequestExpired':
        return this.close({ requestId: event.data.requestId, state: 'expired', decidedBy: null, rejectionReason: null, transferId: null }, decoded);
      default:
        return;
    }
  }

  private close(closing: Omit<Closing, 'decidedAt' | 'decisionPosition'>, decoded: DecodedEvent): void {
    const closed: Closing = { ...closing, decidedAt: decoded.recordedAtText, decisionPosition: decoded.position };
    const request = this.requests.get(closing.requestId);
    if (request) request.closing = closed;
    else this.laterClosings.push(closed);
  }

  async write(writer: BatchWriter): Promise<void> {
    const rows: unknown[][] = [];
    for (const request of this.requests.values()) {
      const { key } = request.account;
      const closing = request.closing;
      rows.push([
        request.requestId,
        request.account.accountId,
        key.programCode,
        key.planYear,
        key.capitalType,
        key.budgetSource,
        key.localityId,
        key.componentCode,
        request.movementKind,
        request.to?.accountId ?? null,
        request.to?.key.localityId ?? null,
        request.amountVnd,
        request.thresholdVnd,
        request.reason,
        request.requestedBy,
        request.requesterJurisdiction,
        request.commandId,
        request.decisionRef,
        request.effectiveDate,
        request.expiresAt,
        request.requestedPosition,
        request.requestedAt,
        closing?.state ?? 'pending',
        closing?.decidedBy ?? null,
        closing?.decidedAt ?? null,
        closing?.decisionPosition ?? null,
        closing?.rejectionReason ?? null,
        closing?.transferId ?? null,
      ]);
    }
    // A request id is its event's id, written once: a plain insert, so a replayed request fails loudly.
    await writer.insert('approval_requests', approvalRequestColumns, rows);
    // Closings are as rare as the signatures behind them: one update each. Only a pending row is
    // closed, so a request is closed once, as the domain closes it once.
    for (const closing of this.laterClosings) {
      await writer.db
        .updateTable(writer.table('approval_requests'))
        .set({
          state: closing.state,
          decided_by: closing.decidedBy,
          decided_at: closing.decidedAt,
          decision_position: closing.decisionPosition,
          rejection_reason: closing.rejectionReason,
          transfer_id: closing.transferId,
        })
        .where('request_id', '=', closing.requestId)
        .where('state', '=', 'pending')
        .execute();
    }
  }
}

export const approvalsProjection: Projection = {
  name: 'approvals',
  schemaVersion: 1,
  tables: [approvalRequestsTable],
  initialize: async () => undefined,
  startBatch: (decoder) => new ApprovalsBatch(decoder),
};
