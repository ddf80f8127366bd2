import type { Kysely } from 'kysely';
import { parseAccountId } from '@ledger/domain';
import { int64, int64OrNull } from '../int64';
import type { ReadDatabase } from '../read-database';
import { inSnapshot, type Snapshot } from './snapshot';

export interface AuditEntry {
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly streamId: string;
  /** The account whose stream holds the event; null for registry events. */
  readonly accountId: string | null;
  readonly programCode: string | null;
  readonly localityId: string | null;
  readonly amountVnd: bigint | null;
  readonly counterpartyAccountId: string | null;
  readonly transferId: string | null;
  readonly transferKind: string | null;
  readonly disbursementId: string | null;
  readonly voucherRef: string | null;
  readonly disbursedOn: string | null;
  readonly reason: string | null;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly actorJurisdiction: string | null;
  readonly decisionRef: string | null;
  readonly effectiveDate: string | null;
  readonly recordedAt: string;
  readonly commandId: string | null;
  /** Further fields of registry and deadline events, as JSON. */
  readonly details: Record<string, unknown> | null;
}

export interface AuditFilter {
  readonly programCode?: string;
  readonly localityId?: string;
  /** With `localityId`: events of the locality and of every locality below it. */
  readonly subtree?: boolean;
  readonly accountId?: string;
  readonly eventTypes?: readonly string[];
  /** Effective dates (YYYY-MM-DD), both inclusive. */
  readonly effectiveFrom?: string;
  readonly effectiveTo?: string;
  /** Recorded instants (ISO 8601, UTC), from inclusive, to exclusive. */
  readonly recordedFrom?: string;
  readonly recordedTo?: string;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** Pass as `afterPosition` for the next page; null on the last page. */
  readonly nextAfterPosition: bigint | null;
}

const accountStreamPrefix = 'account-';

function toEntry(row: Record<string, unknown>): AuditEntry {
  const streamId = row.stream_id as string;
  return {
    position: int64(row.position),
    eventId: row.event_id as string,
    eventType: row.event_type as string,
    streamId,
    accountId: streamId.startsWith(accountStreamPrefix) ? streamId.slice(accountStreamPrefix.length) : null,
    programCode: row.program_code as string | null,
    localityId: row.locality_id as string | null,
    amountVnd: int64OrNull(row.amount_vnd),
    counterpartyAccountId: row.counterparty_account_id as string | null,
    transferId: row.transfer_id as string | null,
    transferKind: row.transfer_kind as string | null,
    disbursementId: row.disbursement_id as string | null,
    voucherRef: row.voucher_ref as string | null,
    disbursedOn: row.disbursed_on as string | null,
    reason: row.reason as string | null,
    actorId: row.actor_id as string | null,
    actorRole: row.actor_role as string | null,
    actorJurisdiction: row.actor_jurisdiction as string | null,
    decisionRef: row.decision_ref as string | null,
    effectiveDate: row.effective_date as string | null,
    recordedAt: row.recorded_at as string,
    commandId: row.command_id as string | null,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}

/** A page of the audit trail in position order, after `afterPosition` (exclusive). */
export async function auditTrail(db: Kysely<ReadDatabase>, filter: AuditFilter, afterPosition: bigint, limit: number): Promise<Snapshot<AuditPage>> {
  const projections = filter.localityId !== undefined && filter.subtree ? (['audit-trail', 'registry'] as const) : (['audit-trail'] as const);
  return inSnapshot(db, projections, async (trx) => {
    let query = trx.selectFrom('audit_events').selectAll().where('position', '>', afterPosition);
    if (filter.accountId !== undefined) {
      // The locality narrows the search to its index range; the stream picks the account in it.
      const localityId = parseAccountId(filter.accountId)?.localityId ?? '';
      query = query.where('locality_id', '=', localityId).where('stream_id', '=', `${accountStreamPrefix}${filter.accountId}`);
    }
    if (filter.programCode !== undefined) query = query.where('program_code', '=', filter.programCode);
    if (filter.localityId !== undefined) {
      const localityId = filter.localityId;
      query = filter.subtree
        ? query.where('locality_id', 'in', trx.selectFrom('locality_closure').select('descendant_id').where('ancestor_id', '=', localityId))
        : query.where('locality_id', '=', localityId);
    }
    if (filter.eventTypes !== undefined && filter.eventTypes.length > 0) query = query.where('event_type', 'in', [...filter.eventTypes]);
    if (filter.effectiveFrom !== undefined) query = query.where('effective_date', '>=', filter.effectiveFrom);
    if (filter.effectiveTo !== undefined) query = query.where('effective_date', '<=', filter.effectiveTo);
    if (filter.recordedFrom !== undefined) query = query.where('recorded_at', '>=', filter.recordedFrom);
    if (filter.recordedTo !== undefined) query = query.where('recorded_at', '<', filter.recordedTo);
    const rows = await query.orderBy('position').limit(limit + 1).execute();
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextAfterPosition: rows.length > limit ? entries[entries.length - 1].position : null };
  });
}
