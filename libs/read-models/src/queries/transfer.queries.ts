import type { Kysely } from 'kysely';
import type { BudgetSource, CapitalType, TransferKind } from '@ledger/domain';
import { int64, int64OrNull, smallInteger } from '../int64';
import type { ReadDatabase } from '../read-database';
import type { TransferState } from '../projections/transfers.projection';
import { inSnapshot, type Snapshot } from './snapshot';

export interface TransferView {
  readonly transferId: string;
  readonly transferKind: TransferKind;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly programCode: string;
  readonly planYear: number;
  readonly capitalType: CapitalType;
  readonly budgetSource: BudgetSource;
  readonly fromLocalityId: string;
  readonly toLocalityId: string;
  readonly amountVnd: bigint;
  readonly decisionRef: string | null;
  readonly debitPosition: bigint | null;
  readonly debitRecordedAt: string | null;
  readonly creditPosition: bigint | null;
  readonly creditRecordedAt: string | null;
  readonly state: TransferState;
}

export interface TransferFilter {
  readonly state?: TransferState;
  readonly transferKind?: TransferKind;
  /** Transfers from or to this account. */
  readonly accountId?: string;
  /** Transfers from or to this locality (and, with `subtree`, any locality below it). */
  readonly localityId?: string;
  readonly subtree?: boolean;
  readonly programCode?: string;
  readonly planYear?: number;
  readonly capitalType?: CapitalType;
  readonly budgetSource?: BudgetSource;
}

export interface TransferPage {
  readonly transfers: readonly TransferView[];
  /** Pass as `afterPosition` (a debit position) for the next page; null on the last page. */
  readonly nextAfterPosition: bigint | null;
}

function toTransfer(row: Record<string, unknown>): TransferView {
  return {
    transferId: row.transfer_id as string,
    transferKind: row.transfer_kind as TransferKind,
    fromAccountId: row.from_account_id as string,
    toAccountId: row.to_account_id as string,
    programCode: row.program_code as string,
    planYear: smallInteger(row.plan_year),
    capitalType: row.capital_type as CapitalType,
    budgetSource: row.budget_source as BudgetSource,
    fromLocalityId: row.from_locality_id as string,
    toLocalityId: row.to_locality_id as string,
    amountVnd: int64(row.amount_vnd),
    decisionRef: row.decision_ref as string | null,
    debitPosition: int64OrNull(row.debit_position),
    debitRecordedAt: row.debit_recorded_at as string | null,
    creditPosition: int64OrNull(row.credit_position),
    creditRecordedAt: row.credit_recorded_at as string | null,
    state: row.state as TransferState,
  };
}

export async function findTransfer(db: Kysely<ReadDatabase>, transferId: string): Promise<Snapshot<TransferView | undefined>> {
  return inSnapshot(db, ['transfers'], async (trx) => {
    const row = await trx.selectFrom('transfers').selectAll().where('transfer_id', '=', transferId).executeTakeFirst();
    return row ? toTransfer(row) : undefined;
  });
}

/** A page of transfers in the order their debits were recorded, after debit position `afterPosition`. */
export async function listTransfers(db: Kysely<ReadDatabase>, filter: TransferFilter, afterPosition: bigint, limit: number): Promise<Snapshot<TransferPage>> {
  const projections = filter.localityId !== undefined && filter.subtree ? (['transfers', 'registry'] as const) : (['transfers'] as const);
  return inSnapshot(db, projections, async (trx) => {
    let query = trx.selectFrom('transfers').selectAll().where('debit_position', '>', afterPosition);
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.transferKind !== undefined) query = query.where('transfer_kind', '=', filter.transferKind);
    if (filter.programCode !== undefined) query = query.where('program_code', '=', filter.programCode);
    if (filter.planYear !== undefined) query = query.where('plan_year', '=', filter.planYear);
    if (filter.capitalType !== undefined) query = query.where('capital_type', '=', filter.capitalType);
    if (filter.budgetSource !== undefined) query = query.where('budget_source', '=', filter.budgetSource);
    if (filter.accountId !== undefined) {
      const accountId = filter.accountId;
      query = query.where((eb) => eb.or([eb('from_account_id', '=', accountId), eb('to_account_id', '=', accountId)]));
    }
    if (filter.localityId !== undefined) {
      const localityId = filter.localityId;
      if (filter.subtree) {
        const members = trx.selectFrom('locality_closure').select('descendant_id').where('ancestor_id', '=', localityId);
        query = query.where((eb) => eb.or([eb('from_locality_id', 'in', members), eb('to_locality_id', 'in', members)]));
      } else {
        query = query.where((eb) => eb.or([eb('from_locality_id', '=', localityId), eb('to_locality_id', '=', localityId)]));
      }
    }
    const rows = await query.orderBy('debit_position').limit(limit + 1).execute();
    const transfers = rows.slice(0, limit).map(toTransfer);
    const last = transfers[transfers.length - 1];
    return { transfers, nextAfterPosition: rows.length > limit && last ? last.debitPosition : null };
  });
}
