import type { LocalityName, ProgressReport } from '@ledger/read-models';
import { toLocalityView } from '../figures.view';
import { type ReportPeriod } from '../progress/report-period';
import { overallOf, progressByLocality, subtractSums, sumsOf, withoutSources, zeroSums, type LocalityProgress } from '../progress/progress-figures';
import { toProgressView, toSumsView } from '../progress/progress.view';
import type { LocalityProgressView, PeriodView, ProgressReportResponse, ProgressRowView } from './get-progress-report.dto';

export interface ProgressReportShape {
  readonly position: string;
  readonly planYear: number;
  readonly level: string;
  readonly period: ReportPeriod | undefined;
  readonly previous: ReportPeriod | undefined;
  readonly yearEarlier: ReportPeriod | undefined;
  readonly on: string | undefined;
  readonly bySource: boolean;
}

function periodView(period: ReportPeriod | undefined): PeriodView | null {
  return period ? { label: period.label, kind: period.kind, asOf: period.asOf } : null;
}

function localityProgressView(entry: LocalityProgress): LocalityProgressView {
  return {
    locality: toLocalityView(entry.locality),
    currentYear: toSumsView(entry.currentYear),
    carriedOver: toSumsView(entry.carriedOver),
    combined: toSumsView(entry.combined),
    byBudget: { central: toSumsView(entry.byBudget.central), local: toSumsView(entry.byBudget.local), other: toSumsView(entry.byBudget.other) },
  };
}

/** The JSON of a progress report read per budget source: rows summed over sources unless asked otherwise, totals per locality and overall. */
export function toProgressReportResponse(report: ProgressReport & { readonly top: LocalityName }, shape: ProgressReportShape): ProgressReportResponse {
  const rows = shape.bySource ? report.rows : withoutSources(report.rows);
  const rowViews: ProgressRowView[] = rows.map((row) => ({
    localityId: row.locality.localityId,
    localityCode: row.locality.code,
    localityName: row.locality.name,
    level: row.locality.level,
    programCode: row.programCode,
    programName: row.programName,
    capitalType: row.capitalType,
    budgetSource: row.budgetSource,
    capital: row.capital,
    planYear: row.planYear,
    figures: toProgressView(row.amounts),
    previousPeriod: row.previousPeriod ? toProgressView(row.previousPeriod) : null,
    // A row with nothing in the previous period changed by all it has.
    changeSincePreviousPeriod: shape.previous ? toSumsView(subtractSums(sumsOf(row.amounts), row.previousPeriod ? sumsOf(row.previousPeriod) : zeroSums)) : null,
    yearEarlier: row.yearEarlier ? toProgressView(row.yearEarlier) : null,
  }));
  return {
    position: shape.position,
    planYear: shape.planYear,
    level: shape.level,
    underLocality: toLocalityView(report.top),
    period: periodView(shape.period),
    previousPeriod: periodView(shape.previous),
    yearEarlierPeriod: periodView(shape.yearEarlier),
    on: shape.on ?? null,
    rows: rowViews,
    localities: progressByLocality(report.rows).map(localityProgressView),
    total: localityProgressView(overallOf(report.top, report.rows)),
  };
}

/** CSV columns: a Vietnamese heading with the JSON field name, as the disbursement report's CSV. */
export const progressCsvHeader: readonly string[] = [
  'Mã đơn vị (localityCode)',
  'Tên đơn vị (localityName)',
  'Cấp (level)',
  'Mã chương trình (programCode)',
  'Loại vốn (capitalType)',
  'Nguồn vốn (budgetSource)',
  'Vốn (capital)',
  'Năm kế hoạch (planYear)',
  'Kế hoạch vốn giao, đồng (planVnd)',
  'Đã phân bổ chi tiết, đồng (detailedAllocatedVnd)',
  'Chưa phân bổ, đồng (notYetAllocatedVnd)',
  'Đã giải ngân, đồng (disbursedVnd)',
  'Trong thời hạn, đồng (disbursedWithinTermVnd)',
  'Kéo dài, đồng (disbursedUnderExtensionVnd)',
  'Còn lại, đồng (availableVnd)',
  'Đang chuyển đến, đồng (inTransitInVnd)',
  'Tỷ lệ phân bổ chi tiết, % (detailedAllocationRatePercent)',
  'Tỷ lệ giải ngân so với kế hoạch giao, % (disbursementRateOfAssignedPlanPercent)',
  'Tỷ lệ giải ngân so với kế hoạch đã phân bổ, % (disbursementRateOfAllocatedPlanPercent)',
];

export function progressCsvCells(row: ProgressRowView): (string | number | null)[] {
  const f = row.figures;
  return [
    row.localityCode,
    row.localityName,
    row.level,
    row.programCode,
    row.capitalType,
    row.budgetSource,
    row.capital,
    row.planYear,
    f.planVnd,
    f.detailedAllocatedVnd,
    f.notYetAllocatedVnd,
    f.disbursedVnd,
    f.disbursedWithinTermVnd,
    f.disbursedUnderExtensionVnd,
    f.availableVnd,
    f.inTransitInVnd,
    f.detailedAllocationRatePercent,
    f.disbursementRateOfAssignedPlanPercent,
    f.disbursementRateOfAllocatedPlanPercent,
  ];
}
