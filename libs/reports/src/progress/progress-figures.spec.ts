import type { LocalityName, ProgressAmounts, ProgressRow } from '@ledger/read-models';
import { budgetLevelOf, overallOf, ratesOf, withoutSources, zeroSums } from './progress-figures';

const province: LocalityName = { localityId: '11', code: '11', name: 'Tỉnh Điện Biên', level: 'province', parentId: 'VN' };

function amounts(planVnd: bigint, detailedAllocatedVnd: bigint | null, disbursedVnd: bigint): ProgressAmounts {
  return { planVnd, detailedAllocatedVnd, notYetAllocatedVnd: detailedAllocatedVnd === null ? null : planVnd - detailedAllocatedVnd, disbursedVnd, disbursedWithinTermVnd: disbursedVnd, disbursedUnderExtensionVnd: 0n, availableVnd: detailedAllocatedVnd === null ? null : 0n, inTransitInVnd: detailedAllocatedVnd === null ? null : 0n };
}

function row(budgetSource: ProgressRow['budgetSource'], capital: ProgressRow['capital'], figures: ProgressAmounts, previous: ProgressAmounts | null = null): ProgressRow {
  return { locality: province, programCode: 'DTTS', programName: null, capitalType: 'DTPT', budgetSource, capital, planYear: capital === 'current-year' ? 2024 : 2023, amounts: figures, previousPeriod: previous, yearEarlier: null };
}

describe('progress figures', () => {
  it('names each rate for its denominator: against the assigned plan, against the allocated plan', () => {
    const rates = ratesOf({ ...zeroSums, planVnd: 1000n, detailedAllocatedVnd: 800n, disbursedVnd: 400n });
    expect(rates).toEqual({ detailedAllocationRatePercent: '80.00', disbursementRateOfAssignedPlanPercent: '40.00', disbursementRateOfAllocatedPlanPercent: '50.00' });
    expect(ratesOf({ ...zeroSums, planVnd: 1000n, disbursedVnd: 400n }).disbursementRateOfAllocatedPlanPercent).toBeNull();
  });

  it('puts the central budget, the local budget and the rest apart', () => {
    expect(['NSTW', 'NSDP', 'CSXH', 'KHAC'].map((source) => budgetLevelOf(source as never))).toEqual(['central', 'local', 'other', 'other']);
  });

  it('adds current-year and carried-over capital into one figure against both plans, and keeps the budgets apart', () => {
    const overall = overallOf(province, [row('NSTW', 'current-year', amounts(1000n, 900n, 500n)), row('NSDP', 'current-year', amounts(200n, 200n, 50n)), row('NSTW', 'carried-over', amounts(100n, null, 60n))]);
    expect(overall.currentYear).toMatchObject({ planVnd: 1200n, detailedAllocatedVnd: 1100n, disbursedVnd: 550n });
    expect(overall.carriedOver).toMatchObject({ planVnd: 100n, detailedAllocatedVnd: 0n, disbursedVnd: 60n });
    expect(overall.combined).toMatchObject({ planVnd: 1300n, disbursedVnd: 610n });
    expect(ratesOf(overall.combined).disbursementRateOfAssignedPlanPercent).toBe('46.92');
    expect(overall.byBudget.central).toMatchObject({ planVnd: 1100n, disbursedVnd: 560n });
    expect(overall.byBudget.local).toMatchObject({ planVnd: 200n, disbursedVnd: 50n });
    expect(overall.byBudget.other).toEqual(zeroSums);
  });

  it('sums rows per source into one row per line and term, the previous period too; a carried-over row keeps its nulls', () => {
    const merged = withoutSources([
      row('NSTW', 'current-year', amounts(1000n, 900n, 500n), amounts(1000n, 900n, 300n)),
      row('NSDP', 'current-year', amounts(200n, 200n, 50n), null),
      row('NSTW', 'carried-over', amounts(100n, null, 60n)),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ budgetSource: null, capital: 'current-year', amounts: { planVnd: 1200n, detailedAllocatedVnd: 1100n, disbursedVnd: 550n }, previousPeriod: { disbursedVnd: 300n } });
    expect(merged[1]).toMatchObject({ budgetSource: null, capital: 'carried-over', amounts: { planVnd: 100n, detailedAllocatedVnd: null, availableVnd: null } });
  });
});
