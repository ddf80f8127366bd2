import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { capitalTypes, planYearMax, planYearMin, type BudgetSource, type CapitalType } from '@ledger/domain';
import { derive, type DisbursementReportRow } from '@ledger/read-models';
import { AsOfDateParam, AsOfPositionParam, BudgetSourceParam, CapitalTypeParam, DateParam, FreshnessParams, KnownAtParam, LocalityIdParam, OneOfParam, PlanYearParam, ProgramCodeParam, type AsOfFields, type AsOfSummary, ReadModelAnswer } from '@ledger/http';
import { LocalityView } from '../figures.view';

export const reportLevels = ['province', 'district', 'commune'] as const;
export type ReportLevel = (typeof reportLevels)[number];
export const reportFormats = ['json', 'csv'] as const;

export class DisbursementReportParams extends FreshnessParams implements AsOfFields {
  @AsOfDateParam() asOfDate?: string;
  @KnownAtParam() knownAt?: string;
  @AsOfPositionParam() asOfPosition?: string;

  @PlanYearParam({ required: true, description: 'Plan year', example: 2024, minimum: planYearMin, maximum: planYearMax }) planYear!: number;
  @OneOfParam(reportLevels, { description: 'One row per locality of this level (default province)', example: 'district' }) level?: ReportLevel;
  @LocalityIdParam({ description: 'Only localities under this one (default VN, the whole country)', example: '11' }) underLocalityId?: string;
  @ProgramCodeParam('Only this program') programCode?: string;
  @CapitalTypeParam({ description: 'Only this capital type' }) capitalType?: CapitalType;
  @BudgetSourceParam({ description: 'Only this budget source (default: all sources added together)' }) budgetSource?: BudgetSource;

  @DateParam({
    description:
      'Only the units in force on this day (YYYY-MM-DD): 2025-06-30 reports on the old structure (63 provinces, districts), 2025-07-01 on the new (34 provinces, communes directly under them); without it, units of every structure, each row saying its own',
    example: '2025-06-30',
  })
  on?: string;

  @OneOfParam(reportFormats, { description: 'json (default) or csv (UTF-8 with BOM, for spreadsheets); `Accept: text/csv` also selects CSV' }) format?: (typeof reportFormats)[number];
}

export class DisbursementReportRowView {
  @ApiProperty({ example: '096' }) localityId!: string;
  @ApiProperty({ example: '096' }) localityCode!: string;
  @ApiProperty({ example: 'Huyện Mường Nhé' }) localityName!: string;
  @ApiProperty({ example: 'district' }) level!: string;
  @ApiProperty({ description: 'First day the unit was in force (null: unknown)', nullable: true, type: String, example: null }) validFrom!: string | null;
  @ApiProperty({ description: 'Last day the unit was in force (null: still in force): the structure the row belongs to', nullable: true, type: String, example: '2025-06-30' }) validTo!: string | null;
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi…' }) programName!: string | null;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ description: 'Plan (kế hoạch vốn): money that entered the locality’s subtree, net of money sent out of it', example: '99046400000' }) planVnd!: string;
  @ApiProperty({ description: 'Allocated in detail (đã phân bổ chi tiết) by the locality to units below it', example: '0' }) detailedAllocatedVnd!: string;
  @ApiProperty({ description: 'Not yet allocated (chưa phân bổ): plan minus detailed allocation', example: '99046400000' }) notYetAllocatedVnd!: string;
  @ApiProperty({ description: 'Disbursed (giải ngân), net of reversals, in the whole subtree', example: '37637632000' }) disbursedVnd!: string;
  @ApiProperty({ description: 'Held, not yet disbursed or passed on', example: '61408768000' }) availableVnd!: string;
  @ApiProperty({ description: 'On its way into the subtree, debited but not yet credited', example: '0' }) inTransitInVnd!: string;
  @ApiProperty({ nullable: true, type: String, example: '0.00' }) detailedAllocationRatePercent!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '38.00' }) disbursementRatePercent!: string | null;
}

export class DisbursementReportResponse extends ReadModelAnswer {
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: reportLevels, example: 'district' }) level!: string;
  @ApiProperty({ type: LocalityView }) underLocality!: LocalityView;
  @ApiProperty({ description: 'The day whose structure the rows are of, or null for every structure', nullable: true, type: String, example: '2025-06-30' }) on!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) budgetSource!: string | null;
  @ApiProperty({ type: [DisbursementReportRowView] }) rows!: DisbursementReportRowView[];
  @ApiPropertyOptional({ description: 'Present when asked with asOfDate, knownAt or asOfPosition: the view, the position it reflects, and the events on which the other clock differs' })
  asOf?: AsOfSummary;
}

export function toReportRowView(row: DisbursementReportRow): DisbursementReportRowView {
  const derived = derive(row.figures);
  return {
    localityId: row.locality.localityId,
    localityCode: row.locality.code,
    localityName: row.locality.name,
    level: row.locality.level,
    validFrom: row.locality.validFrom ?? null,
    validTo: row.locality.validTo ?? null,
    programCode: row.programCode,
    programName: row.programName,
    capitalType: row.capitalType,
    planVnd: derived.planVnd.toString(),
    detailedAllocatedVnd: derived.detailedAllocatedVnd.toString(),
    notYetAllocatedVnd: derived.notYetAllocatedVnd.toString(),
    disbursedVnd: derived.netDisbursedVnd.toString(),
    availableVnd: row.figures.availableVnd.toString(),
    inTransitInVnd: row.figures.inTransitInVnd.toString(),
    detailedAllocationRatePercent: derived.detailedAllocationRatePercent,
    disbursementRatePercent: derived.disbursementRatePercent,
  };
}

/** CSV columns: a Vietnamese heading for the people who open the file, with the JSON field name for programs that read it. */
export const reportCsvColumns: readonly (readonly [keyof DisbursementReportRowView, string])[] = [
  ['localityCode', 'Mã đơn vị (localityCode)'],
  ['localityName', 'Tên đơn vị (localityName)'],
  ['level', 'Cấp (level)'],
  ['programCode', 'Mã chương trình (programCode)'],
  ['programName', 'Tên chương trình (programName)'],
  ['capitalType', 'Loại vốn (capitalType)'],
  ['planVnd', 'Kế hoạch vốn, đồng (planVnd)'],
  ['detailedAllocatedVnd', 'Đã phân bổ chi tiết, đồng (detailedAllocatedVnd)'],
  ['notYetAllocatedVnd', 'Chưa phân bổ, đồng (notYetAllocatedVnd)'],
  ['disbursedVnd', 'Đã giải ngân, đồng (disbursedVnd)'],
  ['disbursementRatePercent', 'Tỷ lệ giải ngân, % (disbursementRatePercent)'],
  ['detailedAllocationRatePercent', 'Tỷ lệ phân bổ chi tiết, % (detailedAllocationRatePercent)'],
  ['availableVnd', 'Còn lại, đồng (availableVnd)'],
  ['inTransitInVnd', 'Đang chuyển đến, đồng (inTransitInVnd)'],
  ['localityId', 'Mã định danh (localityId)'],
];
