import { addColumns, columnNames, positionKeyType, type ColumnDefinition, type TableDefinition } from '../schema/table-definition';
import type { DecodedEvent } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * The audit trail: one row per stored event, in position order, with who did it, under which
 * decision, for how much, with whom, when it took effect and when it was recorded. Account
 * events carry their account's program and locality so trails per program and per locality (and,
 * through the locality closure, per subtree) are index range scans.
 */

/** The columns after the position, whose type is the dialect's (see `positionKeyType`). */
const auditDetailColumnDefinitions: readonly ColumnDefinition[] = [
  ['event_id', 'text'], ['event_type', 'text'], ['stream_id', 'text'], ['program_code', 'text', 'nullable'], ['locality_id', 'text', 'nullable'],
  ['amount_vnd', 'bigint', 'nullable'], ['counterparty_account_id', 'text', 'nullable'], ['transfer_id', 'text', 'nullable'], ['transfer_kind', 'text', 'nullable'],
  ['disbursement_id', 'text', 'nullable'], ['voucher_ref', 'text', 'nullable'], ['disbursed_on', 'text', 'nullable'], ['reason', 'text', 'nullable'],
  ['actor_id', 'text', 'nullable'], ['actor_role', 'text', 'nullable'], ['actor_jurisdiction', 'text', 'nullable'], ['decision_ref', 'text', 'nullable'],
  ['effective_date', 'text', 'nullable'], ['recorded_at', 'text'], ['command_id', 'text', 'nullable'], ['details', 'text', 'nullable'],
];
export const auditColumns = ['position', ...columnNames(auditDetailColumnDefinitions)];

export const auditEventsTable: TableDefinition = {
  name: 'audit_events',
  create: (db, name, context) =>
    addColumns(db.schema.createTable(name).addColumn('position', positionKeyType(context.dialect), (column) => column.notNull()), auditDetailColumnDefinitions).addPrimaryKeyConstraint(
      context.primaryKey,
      ['position'] as never,
    ),
  // An account's trail is found through its locality's index (an account id names its locality):
  // one index fewer to maintain on the largest table.
  indexes: [
    { name: 'audit_events_by_program', columns: ['program_code', 'position'] },
    { name: 'audit_events_by_locality', columns: ['locality_id', 'position'] },
  ],
};

/** Appends one audit row, in `auditColumns` order, to `values`. */
export function pushAuditRow(values: unknown[], decoded: DecodedEvent): void {
  const { event, account, metadata } = decoded;
  let programCode: string | null = account?.key.programCode ?? null;
  let localityId: string | null = account?.key.localityId ?? null;
  let amountVnd: bigint | null = null;
  let counterparty: string | null = null;
  let transferId: string | null = null;
  let transferKind: string | null = null;
  let disbursementId: string | null = null;
  let voucherRef: string | null = null;
  let disbursedOn: string | null = null;
  let reason: string | null = null;
  let details: string | null = null;
  switch (event.type) {
    case 'BudgetAssigned':
      amountVnd = event.data.amountVnd;
      break;
    case 'FundsAllocated':
      amountVnd = event.data.amountVnd;
      counterparty = event.data.toAccountId;
      transferId = event.data.transferId;
      transferKind = 'allocation';
      break;
    case 'FundsReallocated':
    case 'FundsReturned':
      amountVnd = event.data.amountVnd;
      counterparty = event.data.toAccountId;
      transferId = event.data.transferId;
      transferKind = event.type === 'FundsReallocated' ? 'reallocation' : 'return';
      reason = event.data.reason;
      break;
    case 'FundsHandedOver':
      amountVnd = event.data.amountVnd;
      counterparty = event.data.toAccountId;
      transferId = event.data.transferId;
      transferKind = 'handover';
      details = JSON.stringify({ deadline: event.data.deadline });
      break;
    case 'FundsReceived':
      amountVnd = event.data.amountVnd;
      counterparty = event.data.fromAccountId;
      transferId = event.data.transferId;
      transferKind = event.data.transferKind;
      if (event.data.deadline !== undefined) details = JSON.stringify({ deadline: event.data.deadline });
      break;
    case 'AccountClosed':
      details = JSON.stringify(event.data);
      break;
    case 'FundsDisbursed':
      amountVnd = event.data.amountVnd;
      disbursementId = event.data.disbursementId;
      voucherRef = event.data.voucherRef;
      disbursedOn = event.data.disbursedOn;
      break;
    case 'DisbursementReversed':
      amountVnd = event.data.amountVnd;
      disbursementId = event.data.disbursementId;
      reason = event.data.reason;
      break;
    case 'DisbursementDeadlineExtended':
      details = JSON.stringify(event.data);
      break;
    // Four-eyes: the request names its destination and reason; who asked, who decided and when it lapses go to the details.
    case 'MovementRequested':
      amountVnd = event.data.amountVnd;
      counterparty = event.data.toAccountId;
      reason = event.data.reason;
      details = JSON.stringify({
        requestId: event.data.requestId,
        movementKind: event.data.movementKind,
        requestedBy: event.data.requestedBy,
        expiresAt: event.data.expiresAt,
        thresholdVnd: event.data.thresholdVnd.toString(),
        effectiveDate: event.data.effectiveDate,
      });
      break;
    case 'MovementApproved':
      amountVnd = event.data.amountVnd;
      transferId = event.data.transferId;
      details = JSON.stringify({ requestId: event.data.requestId, movementKind: event.data.movementKind, approvedBy: event.data.approvedBy });
      break;
    case 'MovementRejected':
      amountVnd = event.data.amountVnd;
      reason = event.data.reason;
      details = JSON.stringify({ requestId: event.data.requestId, movementKind: event.data.movementKind, rejectedBy: event.data.rejectedBy });
      break;
    case 'MovementRequestExpired':
      amountVnd = event.data.amountVnd;
      details = JSON.stringify({ requestId: event.data.requestId, movementKind: event.data.movementKind, expiresAt: event.data.expiresAt });
      break;
    case 'LocalityRegistered':
      localityId = event.data.localityId;
      details = JSON.stringify(event.data);
      break;
    case 'LocalitySucceeded':
      localityId = event.data.successorId;
      details = JSON.stringify(event.data);
      break;
    case 'ProgramRegistered':
    case 'ComponentProjectRegistered':
      programCode = event.data.programCode;
      details = JSON.stringify(event.data);
      break;
    case 'ProgramSucceeded':
      programCode = event.data.successorCode;
      details = JSON.stringify(event.data);
      break;
  }
  values.push(
    decoded.position,
    decoded.eventId,
    event.type,
    decoded.streamId,
    programCode,
    localityId,
    amountVnd,
    counterparty,
    transferId,
    transferKind,
    disbursementId,
    voucherRef,
    disbursedOn,
    reason,
    metadata.actorId,
    metadata.actorRole,
    metadata.actorJurisdiction,
    metadata.decisionRef,
    metadata.effectiveDate,
    decoded.recordedAtText,
    metadata.commandId,
    details,
  );
}

class AuditTrailBatch implements ProjectionBatch {
  private readonly values: unknown[] = [];

  apply(decoded: DecodedEvent): void {
    pushAuditRow(this.values, decoded);
  }

  write(writer: BatchWriter): Promise<void> {
    // Positions are unique and each batch holds new ones: a plain insert, so a replayed event fails loudly.
    return writer.insertFlat('audit_events', auditColumns, this.values);
  }
}

export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  schemaVersion: 1,
  tables: [auditEventsTable],
  initialize: async () => undefined,
  startBatch: () => new AuditTrailBatch(),
};
