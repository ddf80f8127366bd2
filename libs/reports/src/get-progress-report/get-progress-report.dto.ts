import { ApiProperty } from '@nestjs/swagger';
import { budgetSources, capitalTypes, planYearMax, planYearMin, type BudgetSource, type CapitalType } from '@ledger/domain';
import { BudgetSourceParam, CapitalTypeParam, DateParam, FlagParam, FreshnessParams, LocalityIdParam, OneOfParam, PlanYearParam, ProgramCodeParam, type FlagText, ReadModelAnswer } from '@ledger/http';
import { LocalityView } from '../figures.view';
import { reportLevels } from '../get-disbursement-report/get-disbursement-report.dto';
import { PeriodParam } from '../progress/period-param';
import { ProgressFiguresView } from '../progress/progress.view';

/** The nation too: its own row is the country's figures, which the dashboard's first view shows. */
export const progressLevels = ['nation', ...reportLevels] as const;
export type ProgressLevel = (typeof progressLevels)[number];

export const progressFormats = ['json', 'csv', 'xlsx'] as const;
export type ProgressFormat = (typeof progressFormats)[number];

export class ProgressReportParams extends FreshnessParams {
  @PlanYearParam({
    required: true,
    description: 'The reporting year: its plan year’s money is current-year capital, earlier plan years’ money disbursed in it under an extension is carried-over capital',
    example: 2024,
    minimum: planYearMin,
    maximum: planYearMax,
  })
  planYear!: number;

  @OneOfParam(progressLevels, { description: 'One row per locality of this level (default province); the level of underLocalityId itself gives its own row', example: 'district' }) level?: ProgressLevel;
  @LocalityIdParam({ description: 'Only localities under this one (default VN, the whole country)', example: '11' }) underLocalityId?: string;
  @PeriodParam({ description: 'As of the end of this month (YYYY-MM) or quarter (YYYY-Qn), by effective date; without it, everything recorded', example: '2024-09' }) period?: string;
  @FlagParam({ description: 'With period: also the previous period (the month or quarter before) and the change since it (default true)' }) previousPeriod?: FlagText;
  @FlagParam({ description: 'Also the same period a year earlier: the previous plan year’s report as of the same month a year before (default false)' }) yearEarlier?: FlagText;
  @FlagParam({ description: 'Rows for earlier plan years’ money disbursed in the reporting year under an extension (default true)' }) carriedOver?: FlagText;
  @FlagParam({ description: 'One row per budget source (central NSTW, local NSDP, policy credit CSXH, other) rather than their sum (default false)' }) bySource?: FlagText;
  @ProgramCodeParam('Only this program') programCode?: string;
  @CapitalTypeParam({ description: 'Only this capital type' }) capitalType?: CapitalType;
  @BudgetSourceParam({ description: 'Only this budget source' }) budgetSource?: BudgetSource;
  @DateParam({ description: 'Only the units in force on this day (YYYY-MM-DD): one structure’s units', example: '2025-06-30' }) on?: string;
  @OneOfParam(progressFormats, { description: 'json (default), csv (UTF-8 with BOM) or xlsx (a workbook: one sheet per level, numbers as numbers)' }) format?: ProgressFormat;
}

export class PeriodView {
  @ApiProperty({ example: '2024-09' }) label!: string;
  @ApiProperty({ enum: ['month', 'quarter'], example: 'month' }) kind!: string;
  @ApiProperty({ description: 'Events dated on or before this day count', example: '2024-09-30' }) asOf!: string;
}

export class ProgressRowView {
  @ApiProperty({ example: '096' }) localityId!: string;
  @ApiProperty({ example: '096' }) localityCode!: string;
  @ApiProperty({ example: 'Huyện Mường Nhé' }) localityName!: string;
  @ApiProperty({ example: 'district' }) level!: string;
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ nullable: true, type: String }) programName!: string | null;
  @ApiProperty({ enum: capitalTypes, example: 'DTPT' }) capitalType!: string;
  @ApiProperty({ description: 'Null when the row adds the budget sources up', nullable: true, enum: budgetSources, example: null }) budgetSource!: string | null;
  @ApiProperty({ description: 'current-year: the reporting year’s money; carried-over: an earlier plan year’s money disbursed under an extension', enum: ['current-year', 'carried-over'] }) capital!: string;
  @ApiProperty({ description: 'The money’s plan year', example: 2024 }) planYear!: number;
  @ApiProperty({ type: ProgressFiguresView }) figures!: ProgressFiguresView;
  @ApiProperty({ description: 'As of the previous period’s end; null when not asked or the row had nothing then', type: ProgressFiguresView, nullable: true }) previousPeriod!: ProgressFiguresView | null;
  @ApiProperty({ description: 'figures − previousPeriod, amount by amount (rates as of each)', type: ProgressFiguresView, nullable: true }) changeSincePreviousPeriod!: ProgressFiguresView | null;
  @ApiProperty({ description: 'The previous plan year’s row as of the same period a year earlier', type: ProgressFiguresView, nullable: true }) yearEarlier!: ProgressFiguresView | null;
}

export class BudgetLevelsView {
  @ApiProperty({ description: 'Central budget (NSTW)', type: ProgressFiguresView }) central!: ProgressFiguresView;
  @ApiProperty({ description: 'Local budget (NSĐP, the counterpart)', type: ProgressFiguresView }) local!: ProgressFiguresView;
  @ApiProperty({ description: 'Policy credit (CSXH) and other sources', type: ProgressFiguresView }) other!: ProgressFiguresView;
}

export class LocalityProgressView {
  @ApiProperty({ type: LocalityView }) locality!: LocalityView;
  @ApiProperty({ description: 'The reporting year’s money', type: ProgressFiguresView }) currentYear!: ProgressFiguresView;
  @ApiProperty({ description: 'Earlier plan years’ money under an extension', type: ProgressFiguresView }) carriedOver!: ProgressFiguresView;
  @ApiProperty({ description: 'Both together, against both plans: “2023 funds plus 2022 funds carried over”', type: ProgressFiguresView }) combined!: ProgressFiguresView;
  @ApiProperty({ description: 'Both together, per budget level', type: BudgetLevelsView }) byBudget!: BudgetLevelsView;
}

export class ProgressReportResponse extends ReadModelAnswer {
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: progressLevels, example: 'district' }) level!: string;
  @ApiProperty({ type: LocalityView }) underLocality!: LocalityView;
  @ApiProperty({ type: PeriodView, nullable: true }) period!: PeriodView | null;
  @ApiProperty({ type: PeriodView, nullable: true }) previousPeriod!: PeriodView | null;
  @ApiProperty({ type: PeriodView, nullable: true }) yearEarlierPeriod!: PeriodView | null;
  @ApiProperty({ nullable: true, type: String, example: null }) on!: string | null;
  @ApiProperty({ type: [ProgressRowView] }) rows!: ProgressRowView[];
  @ApiProperty({ description: 'Per locality of the level: every program and capital type together', type: [LocalityProgressView] }) localities!: LocalityProgressView[];
  @ApiProperty({ description: 'Every row together: the top locality’s figures over the level', type: LocalityProgressView }) total!: LocalityProgressView;
}
