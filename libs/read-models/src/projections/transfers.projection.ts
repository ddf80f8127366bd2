import { sql } from 'kysely';
import { transferKindOf, type TransferKind } from '@ledger/domain';
import { columnNames, fundingLineColumns, readTable, type ColumnDefinition } from '../schema/table-definition';
import { excluded, stored, type ColumnMerge } from '../writing/bulk-writer';
import type { AccountRef, DecodedEvent, EventDecoder } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * Transfers: one row per movement between two accounts. The debit (in the source's stream)
 * and the credit (in the destination's, recorded later by the process manager) each fill their
 * half of the row, in whichever order they are written, so the row is the same however batches
 * are cut. A transfer is `in_transit` until its credit is recorded, then `completed`.
 */

export const transferStates = ['in_transit', 'completed'] as const;
export type TransferState = (typeof transferStates)[number];

interface TransferDelta {
  readonly transferId: string;
  readonly kind: TransferKind;
  readonly from: AccountRef;
  readonly to: AccountRef;
  readonly amountVnd: bigint;
  decisionRef: string | null;
  debitPosition: bigint | null;
  debitRecordedAt: string | null;
  creditPosition: bigint | null;
  creditRecordedAt: string | null;
}

const transferColumnDefinitions: readonly ColumnDefinition[] = [
  ['transfer_id', 'text'], ['transfer_kind', 'text'], ['from_account_id', 'text'], ['to_account_id', 'text'],
  ...fundingLineColumns,
  ['from_locality_id', 'text'], ['to_locality_id', 'text'], ['amount_vnd', 'bigint'], ['decision_ref', 'text', 'nullable'],
  ['debit_position', 'bigint', 'nullable'], ['debit_recorded_at', 'text', 'nullable'], ['credit_position', 'bigint', 'nullable'], ['credit_recorded_at', 'text', 'nullable'],
  ['state', 'text'],
];
const transferColumns = columnNames(transferColumnDefinitions);

const stateMerge: ColumnMerge = {
  name: 'transfer-state',
  expression: (table) =>
    sql`case when coalesce(${excluded('credit_position')}, ${stored(table, 'credit_position')}) is null then ${sql.lit('in_transit')} else ${sql.lit('completed')} end`,
};

const transferMerge: Record<string, ColumnMerge> = {
  decision_ref: 'coalesce-new',
  debit_position: 'coalesce-new',
  debit_recorded_at: 'coalesce-new',
  credit_position: 'coalesce-new',
  credit_recorded_at: 'coalesce-new',
  state: stateMerge,
};

export const transfersTable = readTable({
  name: 'transfers',
  columns: transferColumnDefinitions,
  primaryKey: ['transfer_id'],
  indexes: [
    { name: 'transfers_by_debit_position', columns: ['debit_position'] },
    { name: 'transfers_by_state', columns: ['state', 'debit_position'] },
    { name: 'transfers_by_source_locality', columns: ['from_locality_id', 'debit_position'] },
    { name: 'transfers_by_destination_locality', columns: ['to_locality_id', 'debit_position'] },
  ],
});

class TransfersBatch implements ProjectionBatch {
  private readonly transfers = new Map<string, TransferDelta>();

  constructor(private readonly decoder: EventDecoder) {}

  apply(decoded: DecodedEvent): void {
    const { event, account } = decoded;
    if (!account) return;
    switch (event.type) {
      case 'FundsAllocated':
      case 'FundsReallocated':
      case 'FundsReturned':
      case 'FundsHandedOver': {
        const kind: TransferKind = transferKindOf(event);
        const transfer = this.transfer(event.data.transferId, kind, account, this.decoder.account(event.data.toAccountId), event.data.amountVnd);
        transfer.debitPosition = decoded.position;
        transfer.debitRecordedAt = decoded.recordedAtText;
        transfer.decisionRef = decoded.metadata.decisionRef;
        return;
      }
      case 'FundsReceived': {
        const transfer = this.transfer(event.data.transferId, event.data.transferKind, this.decoder.account(event.data.fromAccountId), account, event.data.amountVnd);
        transfer.creditPosition = decoded.position;
        transfer.creditRecordedAt = decoded.recordedAtText;
        return;
      }
      default:
        return;
    }
  }

  write(writer: BatchWriter): Promise<void> {
    const rows: unknown[][] = [];
    for (const transfer of this.transfers.values()) {
      const { key } = transfer.from;
      rows.push([
        transfer.transferId,
        transfer.kind,
        transfer.from.accountId,
        transfer.to.accountId,
        key.programCode,
        key.planYear,
        key.capitalType,
        key.budgetSource,
        key.localityId,
        transfer.to.key.localityId,
        transfer.amountVnd,
        transfer.decisionRef,
        transfer.debitPosition,
        transfer.debitRecordedAt,
        transfer.creditPosition,
        transfer.creditRecordedAt,
        transfer.creditPosition === null ? 'in_transit' : 'completed',
      ]);
    }
    return writer.insert('transfers', transferColumns, rows, { kind: 'merge', target: ['transfer_id'], merge: transferMerge });
  }

  private transfer(transferId: string, kind: TransferKind, from: AccountRef, to: AccountRef, amountVnd: bigint): TransferDelta {
    let transfer = this.transfers.get(transferId);
    if (!transfer) {
      transfer = { transferId, kind, from, to, amountVnd, decisionRef: null, debitPosition: null, debitRecordedAt: null, creditPosition: null, creditRecordedAt: null };
      this.transfers.set(transferId, transfer);
    }
    return transfer;
  }
}

export const transfersProjection: Projection = {
  name: 'transfers',
  schemaVersion: 1,
  tables: [transfersTable],
  initialize: async () => undefined,
  startBatch: (decoder) => new TransfersBatch(decoder),
};
