import type { Kysely } from 'kysely';
import type { AccountKey, BudgetSource, CapitalType, MovementTotals } from '@ledger/domain';
import { int64, int64OrNull, smallInteger } from '../int64';
import type { ReadDatabase } from '../read-database';
import { inSnapshot, type Snapshot } from './snapshot';

/** An account's row of the balances read model: its key, its movement totals and what is in transit. */
export interface AccountBalance extends AccountKey, MovementTotals {
  readonly accountId: string;
  readonly assignedVnd: bigint;
  readonly reallocatedInVnd: bigint;
  readonly returnedInVnd: bigint;
  readonly handedOverInVnd: bigint;
  readonly handedOverOutVnd: bigint;
  readonly inTransitInVnd: bigint;
  readonly inTransitOutVnd: bigint;
  /** Held by this account's pending movement requests (four-eyes): not in `availableVnd`. */
  readonly heldVnd: bigint;
  readonly disbursementDeadline: string;
  readonly lastPosition: bigint | null;
}

export interface FundingLineFilter {
  readonly programCode?: string;
  /** Any of these programs (a program and those it succeeded, for a view across 2025/2026). */
  readonly programCodes?: readonly string[];
  readonly planYear?: number;
  readonly capitalType?: CapitalType;
  readonly budgetSource?: BudgetSource;
}

export interface BalanceFilter extends FundingLineFilter {
  readonly localityId?: string;
  /** With `localityId`: every account at the locality or anywhere below it. */
  readonly subtree?: boolean;
  readonly componentCode?: string;
}

export interface BalancePage {
  readonly balances: readonly AccountBalance[];
  /** Pass as `afterAccountId` for the next page; null on the last page. */
  readonly nextAfterAccountId: string | null;
}

function toBalance(row: Record<string, unknown>): AccountBalance {
  return {
    accountId: row.account_id as string,
    programCode: row.program_code as string,
    planYear: smallInteger(row.plan_year),
    localityId: row.locality_id as string,
    capitalType: row.capital_type as CapitalType,
    budgetSource: row.budget_source as BudgetSource,
    componentCode: (row.component_code as string | null) ?? null,
    assignedVnd: int64(row.assigned_vnd),
    receivedVnd: int64(row.received_vnd),
    reallocatedInVnd: int64(row.reallocated_in_vnd),
    returnedInVnd: int64(row.returned_in_vnd),
    allocatedOutVnd: int64(row.allocated_out_vnd),
    reallocatedOutVnd: int64(row.reallocated_out_vnd),
    returnedVnd: int64(row.returned_vnd),
    disbursedVnd: int64(row.disbursed_vnd),
    reversedVnd: int64(row.reversed_vnd),
    handedOverInVnd: int64(row.handed_over_in_vnd),
    handedOverOutVnd: int64(row.handed_over_out_vnd),
    availableVnd: int64(row.available_vnd),
    inTransitInVnd: int64(row.in_transit_in_vnd),
    inTransitOutVnd: int64(row.in_transit_out_vnd),
    heldVnd: int64(row.held_vnd),
    disbursementDeadline: row.disbursement_deadline as string,
    lastPosition: int64OrNull(row.last_position),
  };
}

export async function findBalance(db: Kysely<ReadDatabase>, accountId: string): Promise<Snapshot<AccountBalance | undefined>> {
  return inSnapshot(db, ['balances'], async (trx) => {
    const row = await trx.selectFrom('account_balances').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? toBalance(row) : undefined;
  });
}

export async function listBalances(db: Kysely<ReadDatabase>, filter: BalanceFilter, afterAccountId: string | undefined, limit: number): Promise<Snapshot<BalancePage>> {
  return inSnapshot(db, filter.localityId !== undefined && filter.subtree ? ['balances', 'registry'] : ['balances'], async (trx) => {
    let query = trx.selectFrom('account_balances').selectAll();
    if (filter.programCode !== undefined) query = query.where('program_code', '=', filter.programCode);
    if (filter.planYear !== undefined) query = query.where('plan_year', '=', filter.planYear);
    if (filter.capitalType !== undefined) query = query.where('capital_type', '=', filter.capitalType);
    if (filter.budgetSource !== undefined) query = query.where('budget_source', '=', filter.budgetSource);
    if (filter.componentCode !== undefined) query = query.where('component_code', '=', filter.componentCode);
    if (filter.localityId !== undefined) {
      const localityId = filter.localityId;
      query = filter.subtree
        ? query.where('locality_id', 'in', trx.selectFrom('locality_closure').select('descendant_id').where('ancestor_id', '=', localityId))
        : query.where('locality_id', '=', localityId);
    }
    if (afterAccountId !== undefined) query = query.where('account_id', '>', afterAccountId);
    const rows = await query.orderBy('account_id').limit(limit + 1).execute();
    const balances = rows.slice(0, limit).map(toBalance);
    return { balances, nextAfterAccountId: rows.length > limit ? balances[balances.length - 1].accountId : null };
  });
}
