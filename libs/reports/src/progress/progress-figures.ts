import type { BudgetSource } from '@ledger/domain';
import { percentOf, type CapitalTerm, type LocalityName, type ProgressAmounts, type ProgressRow } from '@ledger/read-models';

/**
 * Sums of progress rows, and the rates read from them. A carried-over row has no allocation,
 * holdings or transit figures of its own: its plan is what the extended accounts still held when
 * their normal term ended, so in a sum those figures count as zero for it.
 */
export interface ProgressSums {
  readonly planVnd: bigint;
  readonly detailedAllocatedVnd: bigint;
  readonly disbursedVnd: bigint;
  readonly disbursedWithinTermVnd: bigint;
  readonly disbursedUnderExtensionVnd: bigint;
  readonly availableVnd: bigint;
  readonly inTransitInVnd: bigint;
}

export const zeroSums: ProgressSums = { planVnd: 0n, detailedAllocatedVnd: 0n, disbursedVnd: 0n, disbursedWithinTermVnd: 0n, disbursedUnderExtensionVnd: 0n, availableVnd: 0n, inTransitInVnd: 0n };

export function sumsOf(amounts: ProgressAmounts): ProgressSums {
  return {
    planVnd: amounts.planVnd,
    detailedAllocatedVnd: amounts.detailedAllocatedVnd ?? 0n,
    disbursedVnd: amounts.disbursedVnd,
    disbursedWithinTermVnd: amounts.disbursedWithinTermVnd,
    disbursedUnderExtensionVnd: amounts.disbursedUnderExtensionVnd,
    availableVnd: amounts.availableVnd ?? 0n,
    inTransitInVnd: amounts.inTransitInVnd ?? 0n,
  };
}

export function addSums(a: ProgressSums, b: ProgressSums): ProgressSums {
  return {
    planVnd: a.planVnd + b.planVnd,
    detailedAllocatedVnd: a.detailedAllocatedVnd + b.detailedAllocatedVnd,
    disbursedVnd: a.disbursedVnd + b.disbursedVnd,
    disbursedWithinTermVnd: a.disbursedWithinTermVnd + b.disbursedWithinTermVnd,
    disbursedUnderExtensionVnd: a.disbursedUnderExtensionVnd + b.disbursedUnderExtensionVnd,
    availableVnd: a.availableVnd + b.availableVnd,
    inTransitInVnd: a.inTransitInVnd + b.inTransitInVnd,
  };
}

export function subtractSums(a: ProgressSums, b: ProgressSums): ProgressSums {
  return {
    planVnd: a.planVnd - b.planVnd,
    detailedAllocatedVnd: a.detailedAllocatedVnd - b.detailedAllocatedVnd,
    disbursedVnd: a.disbursedVnd - b.disbursedVnd,
    disbursedWithinTermVnd: a.disbursedWithinTermVnd - b.disbursedWithinTermVnd,
    disbursedUnderExtensionVnd: a.disbursedUnderExtensionVnd - b.disbursedUnderExtensionVnd,
    availableVnd: a.availableVnd - b.availableVnd,
    inTransitInVnd: a.inTransitInVnd - b.inTransitInVnd,
  };
}

/**
 * The three rates, each named for its denominator: some reports divide disbursement by the plan
 * assigned (the Ministry of Finance's "so với kế hoạch giao"), others by what was allocated in
 * detail ("so với kế hoạch đã phân bổ"), and a figure that does not say which cannot be compared.
 */
export interface ProgressRates {
  readonly detailedAllocationRatePercent: string | null;
  readonly disbursementRateOfAssignedPlanPercent: string | null;
  readonly disbursementRateOfAllocatedPlanPercent: string | null;
}

export function ratesOf(sums: ProgressSums): ProgressRates {
  return {
    detailedAllocationRatePercent: percentOf(sums.detailedAllocatedVnd, sums.planVnd),
    disbursementRateOfAssignedPlanPercent: percentOf(sums.disbursedVnd, sums.planVnd),
    disbursementRateOfAllocatedPlanPercent: percentOf(sums.disbursedVnd, sums.detailedAllocatedVnd),
  };
}

/** Which budget a source belongs to: the central budget, the local budget (the counterpart), or other money (policy credit, other). */
export type BudgetLevel = 'central' | 'local' | 'other';

export function budgetLevelOf(source: BudgetSource): BudgetLevel {
  return source === 'NSTW' ? 'central' : source === 'NSDP' ? 'local' : 'other';
}

export interface LocalityProgress {
  readonly locality: LocalityName;
  readonly currentYear: ProgressSums;
  readonly carriedOver: ProgressSums;
  /** Current-year and carried-over capital together: "2023 funds plus 2022 funds carried over". */
  readonly combined: ProgressSums;
  /** Current-year and carried-over together, per budget level. */
  readonly byBudget: Readonly<Record<BudgetLevel, ProgressSums>>;
}

function termSums(rows: readonly ProgressRow[], capital: CapitalTerm): ProgressSums {
  return rows.filter((row) => row.capital === capital).reduce((sum, row) => addSums(sum, sumsOf(row.amounts)), zeroSums);
}

/** Per locality, in the rows' order: current-year, carried-over and combined sums, and the budget levels (rows must be per source for those). */
export function progressByLocality(rows: readonly ProgressRow[]): LocalityProgress[] {
  const groups = new Map<string, { locality: LocalityName; rows: ProgressRow[] }>();
  for (const row of rows) {
    const group = groups.get(row.locality.localityId) ?? { locality: row.locality, rows: [] };
    group.rows.push(row);
    groups.set(row.locality.localityId, group);
  }
  return [...groups.values()].map(({ locality, rows: localityRows }) => overallOf(locality, localityRows));
}

export function overallOf(locality: LocalityName, rows: readonly ProgressRow[]): LocalityProgress {
  const currentYear = termSums(rows, 'current-year');
  const carriedOver = termSums(rows, 'carried-over');
  const byBudget: Record<BudgetLevel, ProgressSums> = { central: zeroSums, local: zeroSums, other: zeroSums };
  for (const row of rows) if (row.budgetSource !== null) byBudget[budgetLevelOf(row.budgetSource)] = addSums(byBudget[budgetLevelOf(row.budgetSource)], sumsOf(row.amounts));
  return { locality, currentYear, carriedOver, combined: addSums(currentYear, carriedOver), byBudget };
}

/** Rows per budget source added up to rows per locality × program × capital type × term × plan year. */
export function withoutSources(rows: readonly ProgressRow[]): ProgressRow[] {
  const merged = new Map<string, ProgressRow>();
  const add = (a: ProgressAmounts | null, b: ProgressAmounts | null): ProgressAmounts | null => {
    if (a === null) return b;
    if (b === null) return a;
    const plus = (x: bigint | null, y: bigint | null) => (x === null && y === null ? null : (x ?? 0n) + (y ?? 0n));
    return {
      planVnd: a.planVnd + b.planVnd,
      detailedAllocatedVnd: plus(a.detailedAllocatedVnd, b.detailedAllocatedVnd),
      notYetAllocatedVnd: plus(a.notYetAllocatedVnd, b.notYetAllocatedVnd),
      disbursedVnd: a.disbursedVnd + b.disbursedVnd,
      disbursedWithinTermVnd: a.disbursedWithinTermVnd + b.disbursedWithinTermVnd,
      disbursedUnderExtensionVnd: a.disbursedUnderExtensionVnd + b.disbursedUnderExtensionVnd,
      availableVnd: plus(a.availableVnd, b.availableVnd),
      inTransitInVnd: plus(a.inTransitInVnd, b.inTransitInVnd),
    };
  };
  for (const row of rows) {
    const key = [row.locality.localityId, row.programCode, row.capitalType, row.capital, row.planYear].join('|');
    const before = merged.get(key);
    merged.set(
      key,
      before
        ? { ...before, amounts: add(before.amounts, row.amounts) as ProgressAmounts, previousPeriod: add(before.previousPeriod, row.previousPeriod), yearEarlier: add(before.yearEarlier, row.yearEarlier) }
        : { ...row, budgetSource: null },
    );
  }
  return [...merged.values()];
}
