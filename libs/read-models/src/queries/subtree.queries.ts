import { sql, type Kysely } from 'kysely';
import { zeroMovementTotals, type BudgetSource, type CapitalType, type LocalityLevel, type MovementTotals } from '@ledger/domain';
import { int64, smallInteger } from '../int64';
import { percentOf } from '../percent';
import type { ReadDatabase } from '../read-database';
import type { FundingLineFilter } from './balance.queries';
import { inSnapshot, type Snapshot } from './snapshot';
import { grouped, lineDimensions, outsideOf, rootIds, slicesFiltered, slicing, type AnyQuery, type Db, type LineDimension, type LineSlice, type MonthWindow, type SubtreeRoots } from './subtree-statements';

export { lineDimensions, type LineDimension, type LineSlice, type MonthWindow, type SubtreeRoots } from './subtree-statements';

/**
 * Roll-ups of a locality subtree (a locality and everything under it, through the closure
 * table) per funding line. Two kinds of figure:
 *
 * - sums over the subtree's accounts (received, allocated out, disbursed, available, in
 *   transit…): each equals the sum of the same figure over the accounts below. Received and
 *   allocated-out count money moved inside the subtree at both ends, so they are bookkeeping
 *   totals, not the subtree's budget;
 * - figures of the subtree as a whole, from the locality flows: its plan (money that entered
 *   it from outside, net of money sent out of it), how much of that its root allocated down in
 *   detail, and the rates against the plan. See docs/read-models.md for the exact definitions.
 */

export interface LineKey {
  readonly programCode: string | null;
  readonly planYear: number | null;
  readonly capitalType: CapitalType | null;
  readonly budgetSource: BudgetSource | null;
  /** Year × 100 + month, when grouped by month. */
  readonly effectiveMonth?: number | null;
}

/** A subtree's figures: its accounts' movement totals summed, and what moved across its border. */
export interface SubtreeFigures extends MovementTotals {
  readonly accountCount: number;
  readonly assignedVnd: bigint;
  readonly inTransitInVnd: bigint;
  readonly inTransitOutVnd: bigint;
  /** Held by the subtree's pending movement requests (four-eyes): not in `availableVnd`. */
  readonly heldVnd: bigint;
  /** Credited to the subtree's accounts from accounts outside it (hand-overs apart). */
  readonly receivedFromOutsideVnd: bigint;
  /** Debited from the subtree's accounts towards accounts outside it (returns up, reallocations away; hand-overs apart). */
  readonly sentOutsideVnd: bigint;
  /** Credited to the subtree's accounts by ended units' accounts outside it, handed over in their original state. */
  readonly handedOverInVnd: bigint;
  /** Handed over from the subtree's accounts to successors outside it when its units ceased to exist. */
  readonly handedOverOutVnd: bigint;
  /** Allocated by the root locality's accounts to localities strictly below it. */
  readonly allocatedDownVnd: bigint;
  /** Returned from localities strictly below the root to the root's accounts. */
  readonly returnedUpVnd: bigint;
}

export interface SubtreeLine extends LineKey, SubtreeFigures {
  readonly rootLocalityId: string;
}

/** What every figure derived from the sums comes to; kept in one place so reports, roll-ups and docs agree. */
export interface DerivedFigures {
  readonly planVnd: bigint;
  readonly netDisbursedVnd: bigint;
  readonly detailedAllocatedVnd: bigint;
  readonly notYetAllocatedVnd: bigint;
  readonly detailedAllocationRatePercent: string | null;
  readonly disbursementRatePercent: string | null;
}

/**
 * A hand-over is money the successor is given to use, so it is in the successor's plan; the old
 * unit's plan keeps it, so a report on the old structure still shows what the unit was given and
 * spent, with what it handed over beside it. Across the change (a subtree holding both ends) a
 * hand-over is a movement inside and changes no plan.
 */
export function derive(figures: SubtreeFigures): DerivedFigures {
  const planVnd = figures.assignedVnd + figures.receivedFromOutsideVnd - figures.sentOutsideVnd + figures.handedOverInVnd;
  const netDisbursedVnd = figures.disbursedVnd - figures.reversedVnd;
  const detailedAllocatedVnd = figures.allocatedDownVnd - figures.returnedUpVnd;
  return {
    planVnd,
    netDisbursedVnd,
    detailedAllocatedVnd,
    notYetAllocatedVnd: planVnd - detailedAllocatedVnd,
    detailedAllocationRatePercent: percentOf(detailedAllocatedVnd, planVnd),
    disbursementRatePercent: percentOf(netDisbursedVnd, planVnd),
  };
}

export const zeroFigures: SubtreeFigures = {
  accountCount: 0,
  assignedVnd: 0n,
  ...zeroMovementTotals,
  inTransitInVnd: 0n,
  inTransitOutVnd: 0n,
  heldVnd: 0n,
  receivedFromOutsideVnd: 0n,
  sentOutsideVnd: 0n,
  handedOverInVnd: 0n,
  handedOverOutVnd: 0n,
  allocatedDownVnd: 0n,
  returnedUpVnd: 0n,
};

export function addFigures(a: SubtreeFigures, b: SubtreeFigures): SubtreeFigures {
  return {
    accountCount: a.accountCount + b.accountCount,
    assignedVnd: a.assignedVnd + b.assignedVnd,
    receivedVnd: a.receivedVnd + b.receivedVnd,
    allocatedOutVnd: a.allocatedOutVnd + b.allocatedOutVnd,
    reallocatedOutVnd: a.reallocatedOutVnd + b.reallocatedOutVnd,
    returnedVnd: a.returnedVnd + b.returnedVnd,
    disbursedVnd: a.disbursedVnd + b.disbursedVnd,
    reversedVnd: a.reversedVnd + b.reversedVnd,
    availableVnd: a.availableVnd + b.availableVnd,
    inTransitInVnd: a.inTransitInVnd + b.inTransitInVnd,
    inTransitOutVnd: a.inTransitOutVnd + b.inTransitOutVnd,
    heldVnd: a.heldVnd + b.heldVnd,
    receivedFromOutsideVnd: a.receivedFromOutsideVnd + b.receivedFromOutsideVnd,
    sentOutsideVnd: a.sentOutsideVnd + b.sentOutsideVnd,
    handedOverInVnd: a.handedOverInVnd + b.handedOverInVnd,
    handedOverOutVnd: a.handedOverOutVnd + b.handedOverOutVnd,
    allocatedDownVnd: a.allocatedDownVnd + b.allocatedDownVnd,
    returnedUpVnd: a.returnedUpVnd + b.returnedUpVnd,
  };
}

function lineKeyOf(row: Record<string, unknown>): LineKey {
  return {
    programCode: (row.program_code as string | undefined) ?? null,
    planYear: row.plan_year === undefined || row.plan_year === null ? null : smallInteger(row.plan_year),
    capitalType: (row.capital_type as CapitalType | undefined) ?? null,
    budgetSource: (row.budget_source as BudgetSource | undefined) ?? null,
    ...(row.effective_month === undefined ? {} : { effectiveMonth: row.effective_month === null ? null : smallInteger(row.effective_month) }),
  };
}

function keyText(rootId: string, line: LineKey): string {
  return `${rootId}|${line.programCode ?? ''}|${line.planYear ?? ''}|${line.capitalType ?? ''}|${line.budgetSource ?? ''}|${line.effectiveMonth ?? ''}`;
}

const sumColumns = [
  ['assigned_vnd', 'assignedVnd'],
  ['received_vnd', 'receivedVnd'],
  ['allocated_out_vnd', 'allocatedOutVnd'],
  ['reallocated_out_vnd', 'reallocatedOutVnd'],
  ['returned_vnd', 'returnedVnd'],
  ['disbursed_vnd', 'disbursedVnd'],
  ['reversed_vnd', 'reversedVnd'],
  ['available_vnd', 'availableVnd'],
  ['in_transit_in_vnd', 'inTransitInVnd'],
  ['in_transit_out_vnd', 'inTransitOutVnd'],
  ['held_vnd', 'heldVnd'],
] as const;

/**
 * Figures per subtree root and funding line (grouped by `dimensions`; the others are summed over),
 * of every event, or of the events whose effective month lies in `window`. Through the monthly
 * tables the account count is not known and stays 0.
 */
export async function subtreeLines(db: Db, roots: SubtreeRoots, filter: FundingLineFilter, dimensions: readonly LineDimension[], window?: MonthWindow): Promise<SubtreeLine[]> {
  const [lines] = await subtreeLineSlices(db, roots, filter, dimensions, [{ window }]);
  return lines;
}

/**
 * The same figures for several slices at once (one list a slice, in their order), each
 * statement reading its rows once for all of them. The slices are all windowed (read from the
 * monthly tables) or none is.
 */
export async function subtreeLineSlices(db: Db, roots: SubtreeRoots, filter: FundingLineFilter, dimensions: readonly LineDimension[], slices: readonly LineSlice[]): Promise<SubtreeLine[][]> {
  const windowed = slices.some((slice) => slice.window !== undefined);
  if (windowed && !slices.every((slice) => slice.window !== undefined)) throw new Error('slices of one subtree query are all windowed or none is');
  const totalsTable = windowed ? 'locality_monthly_totals' : 'locality_line_totals';
  const flowsTable = windowed ? 'locality_monthly_flows' : 'locality_flows';
  const sliced = slicing(slices);
  const bySlice = slices.map(() => new Map<string, { rootLocalityId: string; key: LineKey; figures: SubtreeFigures }>());
  /** Adds a row's figures to its line in each slice it counts in. */
  const add = (row: Record<string, unknown>, figures: Partial<SubtreeFigures>): void => {
    const rootLocalityId = row.root_id as string;
    const key = lineKeyOf(row);
    const text = keyText(rootLocalityId, key);
    for (const slice of sliced.slicesOf(row)) {
      const lines = bySlice[slice];
      const existing = lines.get(text) ?? { rootLocalityId, key, figures: zeroFigures };
      lines.set(text, { ...existing, figures: addFigures(existing.figures, { ...zeroFigures, ...figures }) });
    }
  };

  // Sums over the accounts of each subtree, from the per-locality totals the balances projection keeps.
  let sums = db
    .selectFrom('locality_closure as member')
    .innerJoin(`${totalsTable} as t` as 'locality_line_totals as t', 't.locality_id', 'member.descendant_id')
    .where('member.ancestor_id', 'in', rootIds(db, roots)) as AnyQuery;
  sums = sliced.group(grouped(slicesFiltered(sums, 't', filter, slices), 'member.ancestor_id', 't', dimensions, roots), 't');
  if (!windowed) sums = sums.select(sql<unknown>`sum(t.account_count)`.as('account_count'));
  for (const [column] of sumColumns) sums = sums.select(sql<unknown>`sum(${sql.ref(`t.${column}`)})`.as(column));
  for (const row of (await sums.execute()) as Record<string, unknown>[]) {
    const figures: Record<string, bigint | number> = { accountCount: smallInteger(row.account_count ?? 0) };
    for (const [column, field] of sumColumns) figures[field] = int64(row[column] ?? 0);
    add(row, figures as Partial<SubtreeFigures>);
  }

  // Credits into each subtree from localities outside it, and debits from it towards localities
  // outside it; hand-overs apart, as they enter the plan on one side only.
  for (const [direction, memberColumn, otherColumn, amountColumn] of [
    ['in', 'f.to_locality_id', 'f.from_locality_id', 'f.credited_vnd'],
    ['out', 'f.from_locality_id', 'f.to_locality_id', 'f.debited_vnd'],
  ] as const) {
    let flows = db
      .selectFrom('locality_closure as member')
      .innerJoin(`${flowsTable} as f` as 'locality_flows as f', memberColumn, 'member.descendant_id')
      .where('member.ancestor_id', 'in', rootIds(db, roots))
      .where(outsideOf(roots, otherColumn)) as AnyQuery;
    flows = sliced.group(grouped(slicesFiltered(flows, 'f', filter, slices), 'member.ancestor_id', 'f', [...dimensions, 'transfer_kind' as never], roots), 'f').select(sql<unknown>`sum(${sql.ref(amountColumn)})`.as('amount'));
    for (const row of (await flows.execute()) as Record<string, unknown>[]) {
      const amount = int64(row.amount ?? 0);
      const handedOver = row.transfer_kind === 'handover';
      add(row, direction === 'in' ? { receivedFromOutsideVnd: handedOver ? 0n : amount, handedOverInVnd: handedOver ? amount : 0n } : { sentOutsideVnd: handedOver ? 0n : amount, handedOverOutVnd: handedOver ? amount : 0n });
    }
  }

  // Allocations from each root down to localities strictly below it, and returns from strictly
  // below each root up to it.
  for (const [field, kind, rootColumn, belowColumn] of [
    ['allocatedDownVnd', 'allocation', 'f.from_locality_id', 'f.to_locality_id'],
    ['returnedUpVnd', 'return', 'f.to_locality_id', 'f.from_locality_id'],
  ] as const) {
    let moves = db
      .selectFrom(`${flowsTable} as f` as 'locality_flows as f')
      .innerJoin('locality_closure as below', (join) => join.onRef('below.ancestor_id', '=', rootColumn).onRef('below.descendant_id', '=', belowColumn))
      .where('below.depth', '>', 0)
      .where('f.transfer_kind', '=', kind)
      .where(rootColumn, 'in', rootIds(db, roots)) as AnyQuery;
    moves = sliced.group(grouped(slicesFiltered(moves, 'f', filter, slices), rootColumn, 'f', dimensions, roots), 'f').select(sql<unknown>`sum(f.debited_vnd)`.as('amount'));
    for (const row of (await moves.execute()) as Record<string, unknown>[]) add(row, { [field]: int64(row.amount ?? 0) });
  }

  return bySlice.map((lines) => [...lines.values()].map(({ rootLocalityId, key, figures }) => ({ rootLocalityId, ...key, ...figures })));
}

export interface LocalityName {
  readonly localityId: string;
  readonly code: string;
  readonly name: string;
  readonly level: LocalityLevel;
  readonly parentId: string | null;
  /** The period the unit was in force, where the query read it: which structure it belongs to. */
  readonly validFrom?: string | null;
  readonly validTo?: string | null;
}

export async function findLocality(db: Db, localityId: string): Promise<LocalityName | undefined> {
  const row = await db.selectFrom('localities').select(['locality_id', 'code', 'name', 'level', 'parent_id', 'valid_from', 'valid_to']).where('locality_id', '=', localityId).executeTakeFirst();
  return row ? { localityId: row.locality_id, code: row.code, name: row.name, level: row.level as LocalityLevel, parentId: row.parent_id, validFrom: row.valid_from, validTo: row.valid_to } : undefined;
}

/** The names of localities, read in chunks the engines' parameter limits allow. */
export async function localityNames(db: Db, localityIds: readonly string[]): Promise<Map<string, LocalityName>> {
  const localities = new Map<string, LocalityName>();
  for (let start = 0; start < localityIds.length; start += 500) {
    const rows = await db
      .selectFrom('localities')
      .select(['locality_id', 'code', 'name', 'level', 'parent_id', 'valid_from', 'valid_to'])
      .where('locality_id', 'in', localityIds.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      localities.set(row.locality_id, { localityId: row.locality_id, code: row.code, name: row.name, level: row.level as LocalityLevel, parentId: row.parent_id, validFrom: row.valid_from, validTo: row.valid_to });
    }
  }
  return localities;
}

export interface Rollup {
  readonly locality: LocalityName | undefined;
  readonly lines: readonly SubtreeLine[];
}

/** One locality's subtree, per funding line (program, plan year, capital type, budget source). */
export async function localityRollup(db: Kysely<ReadDatabase>, localityId: string, filter: FundingLineFilter): Promise<Snapshot<Rollup>> {
  return inSnapshot(db, ['registry', 'balances'], async (trx) => {
    const locality = await findLocality(trx, localityId);
    if (!locality) return { locality, lines: [] };
    const lines = await subtreeLines(trx, { kind: 'one', localityId }, filter, lineDimensions);
    lines.sort(compareLines);
    return { locality, lines };
  });
}

export function compareLines(a: LineKey, b: LineKey): number {
  return (
    (a.programCode ?? '').localeCompare(b.programCode ?? '') ||
    (a.planYear ?? 0) - (b.planYear ?? 0) ||
    (a.capitalType ?? '').localeCompare(b.capitalType ?? '') ||
    (a.budgetSource ?? '').localeCompare(b.budgetSource ?? '')
  );
}

export interface DisbursementReportRow {
  readonly locality: LocalityName;
  readonly programCode: string;
  readonly programName: string | null;
  readonly capitalType: CapitalType;
  readonly figures: SubtreeFigures;
}

export interface DisbursementReportFilter {
  readonly planYear: number;
  readonly level: LocalityLevel;
  readonly underLocalityId: string;
  readonly programCode?: string;
  readonly capitalType?: CapitalType;
  readonly budgetSource?: BudgetSource;
  /** Only the units in force on this day: one structure's units (63 provinces on 2025-06-30, 34 on 2025-07-01). */
  readonly on?: string;
}

/**
 * The steering committees' disbursement progress report: per locality of the chosen level
 * (under a top locality), program and capital type, summed over budget sources unless one is
 * chosen. Rows are ordered by locality code, program and capital type.
 */
export async function disbursementReport(db: Kysely<ReadDatabase>, filter: DisbursementReportFilter): Promise<Snapshot<{ readonly top: LocalityName | undefined; readonly rows: readonly DisbursementReportRow[] }>> {
  return inSnapshot(db, ['registry', 'balances'], async (trx) => {
    const top = await findLocality(trx, filter.underLocalityId);
    if (!top) return { top, rows: [] };
    const lines = await subtreeLines(
      trx,
      { kind: 'level', level: filter.level, underLocalityId: filter.underLocalityId, on: filter.on },
      { planYear: filter.planYear, programCode: filter.programCode, capitalType: filter.capitalType, budgetSource: filter.budgetSource },
      ['program_code', 'capital_type'],
    );
    const localityIds = [...new Set(lines.map((line) => line.rootLocalityId))];
    const localities = await localityNames(trx, localityIds);
    const programs = new Map<string, string>();
    if (localityIds.length > 0) for (const row of await trx.selectFrom('programs').select(['program_code', 'name']).execute()) programs.set(row.program_code, row.name);
    const rows: DisbursementReportRow[] = [];
    for (const line of lines) {
      const locality = localities.get(line.rootLocalityId);
      if (!locality || line.programCode === null || line.capitalType === null) continue;
      rows.push({ locality, programCode: line.programCode, programName: programs.get(line.programCode) ?? null, capitalType: line.capitalType, figures: line });
    }
    rows.sort((a, b) => a.locality.code.localeCompare(b.locality.code) || a.locality.localityId.localeCompare(b.locality.localityId) || a.programCode.localeCompare(b.programCode) || a.capitalType.localeCompare(b.capitalType));
    return { top, rows };
  });
}
