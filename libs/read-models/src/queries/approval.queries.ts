import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { AccountKey, BudgetSource, CapitalType, MovementKind, MovementRequestState } from '@ledger/domain';
import type { MovementRequestFacts } from '../projections/approvals.projection';
import { int64, int64OrNull, smallInteger } from '../int64';
import type { ReadDatabase } from '../read-database';
import { inSnapshot, type Snapshot } from './snapshot';

/**
 * Movement requests under four-eyes. A request is `pending` until an event closes it; one still
 * pending past its expiry can no longer be approved, so every reader sees it `expired` from that
 * instant (with `recordedState` still `pending` until the ledger records the expiry). The instant
 * is the caller's clock, passed in.
 */
export interface ApprovalRequestView extends AccountKey, MovementRequestFacts {
  readonly requestId: string;
  readonly accountId: string;
  readonly movementKind: MovementKind;
  readonly toAccountId: string | null;
  readonly toLocalityId: string | null;
  /** Where the request stands now: as recorded, except that a pending request past its expiry is expired. */
  readonly state: MovementRequestState;
  /** As the events record it. */
  readonly recordedState: MovementRequestState;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionPosition: bigint | null;
  readonly rejectionReason: string | null;
  readonly transferId: string | null;
}

export interface ApprovalFilter {
  readonly state?: MovementRequestState;
  /** Requests whose source account is at this locality or anywhere below it. */
  readonly localityId?: string;
  /** Requests made by this user. */
  readonly requestedBy?: string;
  /** Requests from this account. */
  readonly accountId?: string;
  readonly movementKind?: MovementKind;
}

export interface ApprovalPage {
  readonly requests: readonly ApprovalRequestView[];
  /** Pass as `afterPosition` (a request's position) for the next page; null on the last page. */
  readonly nextAfterPosition: bigint | null;
}

/** A pending request whose expiry has come, for the ledger to record as expired. */
export interface DueExpiry {
  readonly requestId: string;
  readonly accountId: string;
  readonly expiresAt: string;
}

function effectiveState(recorded: MovementRequestState, expiresAt: string, now: string): MovementRequestState {
  return recorded === 'pending' && expiresAt <= now ? 'expired' : recorded;
}

function toView(row: Record<string, unknown>, now: string): ApprovalRequestView {
  const recordedState = row.state as MovementRequestState;
  const expiresAt = row.expires_at as string;
  return {
    requestId: row.request_id as string,
    accountId: row.account_id as string,
    programCode: row.program_code as string,
    planYear: smallInteger(row.plan_year),
    capitalType: row.capital_type as CapitalType,
    budgetSource: row.budget_source as BudgetSource,
    localityId: row.locality_id as string,
    componentCode: (row.component_code as string | null) ?? null,
    movementKind: row.movement_kind as MovementKind,
    toAccountId: (row.to_account_id as string | null) ?? null,
    toLocalityId: (row.to_locality_id as string | null) ?? null,
    amountVnd: int64(row.amount_vnd),
    thresholdVnd: int64(row.threshold_vnd),
    reason: (row.reason as string | null) ?? null,
    requestedBy: row.requested_by as string,
    requesterJurisdiction: (row.requester_jurisdiction as string | null) ?? null,
    commandId: (row.command_id as string | null) ?? null,
    decisionRef: (row.decision_ref as string | null) ?? null,
    effectiveDate: (row.effective_date as string | null) ?? null,
    expiresAt,
    requestedPosition: int64(row.requested_position),
    requestedAt: row.requested_at as string,
    state: effectiveState(recordedState, expiresAt, now),
    recordedState,
    decidedBy: (row.decided_by as string | null) ?? null,
    decidedAt: (row.decided_at as string | null) ?? null,
    decisionPosition: int64OrNull(row.decision_position),
    rejectionReason: (row.rejection_reason as string | null) ?? null,
    transferId: (row.transfer_id as string | null) ?? null,
  };
}

/** The condition for requests that are in `state` at `now` (ISO instants compare as text: they share one format). */
function inState(eb: ExpressionBuilder<ReadDatabase, 'approval_requests'>, state: MovementRequestState, now: string): Expression<SqlBool> {
  switch (state) {
    case 'pending':
      return eb.and([eb('state', '=', 'pending'), eb('expires_at', '>', now)]);
    case 'expired':
      return eb.or([eb('state', '=', 'expired'), eb.and([eb('state', '=', 'pending'), eb('expires_at', '<=', now)])]);
    default:
      return eb('state', '=', state);
  }
}

export async function findApprovalRequest(db: Kysely<ReadDatabase>, requestId: string, now: string): Promise<Snapshot<ApprovalRequestView | undefined>> {
  return inSnapshot(db, ['approvals'], async (trx) => {
    const row = await trx.selectFrom('approval_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    return row ? toView(row, now) : undefined;
  });
}

/** A page of requests in the order they were made, after request position `afterPosition`. */
export async function listApprovalRequests(db: Kysely<ReadDatabase>, filter: ApprovalFilter, now: string, afterPosition: bigint, limit: number): Promise<Snapshot<ApprovalPage>> {
  const projections = filter.localityId !== undefined ? (['approvals', 'registry'] as const) : (['approvals'] as const);
  return inSnapshot(db, projections, async (trx) => {
    let query = trx.selectFrom('approval_requests').selectAll().where('requested_position', '>', afterPosition);
    const state = filter.state;
    if (state !== undefined) query = query.where((eb) => inState(eb, state, now));
    if (filter.requestedBy !== undefined) query = query.where('requested_by', '=', filter.requestedBy);
    if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
    if (filter.movementKind !== undefined) query = query.where('movement_kind', '=', filter.movementKind);
    if (filter.localityId !== undefined) {
      query = query.where('locality_id', 'in', trx.selectFrom('locality_closure').select('descendant_id').where('ancestor_id', '=', filter.localityId));
    }
    const rows = await query.orderBy('requested_position').limit(limit + 1).execute();
    const requests = rows.slice(0, limit).map((row) => toView(row, now));
    const last = requests[requests.length - 1];
    return { requests, nextAfterPosition: rows.length > limit && last ? last.requestedPosition : null };
  });
}

/** Pending requests whose expiry has come by `now`, earliest first, at most `limit`. */
export async function listDueExpiries(db: Kysely<ReadDatabase>, now: string, limit: number): Promise<DueExpiry[]> {
  const rows = await db
    .selectFrom('approval_requests')
    .select(['request_id', 'account_id', 'expires_at'])
    .where('state', '=', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('request_id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ requestId: row.request_id, accountId: row.account_id, expiresAt: row.expires_at }));
}
