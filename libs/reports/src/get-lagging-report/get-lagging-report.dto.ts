import { ApiProperty } from '@nestjs/swagger';
import { planYearMax, planYearMin, type CapitalType } from '@ledger/domain';
import { percentOf, type ComponentFigures } from '@ledger/read-models';
import { CapitalTypeParam, DateParam, FreshnessParams, LimitParam, LocalityIdParam, OneOfParam, PlanYearParam, ProgramCodeParam, ReadModelAnswer } from '@ledger/http';
import { LocalityView } from '../figures.view';
import { reportLevels, type ReportLevel } from '../get-disbursement-report/get-disbursement-report.dto';
import { ProgressFiguresView } from '../progress/progress.view';
import { PeriodParam } from '../progress/period-param';

export const laggingLimitMax = 100;
export const laggingLimitDefault = 10;

export class LaggingReportParams extends FreshnessParams {
  @PlanYearParam({ required: true, description: 'The reporting year (current-year and carried-over capital together)', example: 2024, minimum: planYearMin, maximum: planYearMax }) planYear!: number;
  @OneOfParam(reportLevels, { description: 'Rank the localities of this level (default province)' }) level?: ReportLevel;
  @LocalityIdParam({ description: 'Under this locality (default VN)', example: '11' }) underLocalityId?: string;
  @PeriodParam({ description: 'Rank as of the end of this month (YYYY-MM) or quarter (YYYY-Qn); the components are ranked on everything recorded', example: '2024-09' }) period?: string;
  @ProgramCodeParam('Only this program') programCode?: string;
  @CapitalTypeParam({ description: 'Only this capital type' }) capitalType?: CapitalType;
  @DateParam({ description: 'Only the units in force on this day (YYYY-MM-DD)', example: '2025-06-30' }) on?: string;
  @LimitParam(laggingLimitMax, { description: `At most this many of each list (default ${laggingLimitDefault})`, minimum: 1, maximum: laggingLimitMax }) limit?: number;
}

export class LaggingLocalityView {
  @ApiProperty({ type: LocalityView }) locality!: LocalityView;
  @ApiProperty({ description: 'Current-year and carried-over capital together; ranked by disbursementRateOfAssignedPlanPercent, lowest first', type: ProgressFiguresView }) combined!: ProgressFiguresView;
}

export class LaggingComponentView {
  @ApiProperty({ example: 'DTTS' }) programCode!: string;
  @ApiProperty({ example: 'DA4' }) componentCode!: string;
  @ApiProperty({ nullable: true, type: String }) componentName!: string | null;
  @ApiProperty({ description: 'Disbursed by the component’s accounts in the subtree, net of reversals', example: '1000000000' }) disbursedVnd!: string;
  @ApiProperty({ description: 'Still held by them', example: '3000000000' }) availableVnd!: string;
  @ApiProperty({ description: 'disbursed ÷ (disbursed + held), per cent: the share of the money they received that they have spent; lowest first', nullable: true, type: String, example: '25.00' }) disbursedSharePercent!: string | null;
  @ApiProperty({ example: 10 }) accountCount!: number;
}

export class LaggingReportResponse extends ReadModelAnswer {
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ enum: reportLevels }) level!: string;
  @ApiProperty({ type: LocalityView }) underLocality!: LocalityView;
  @ApiProperty({ nullable: true, type: String, example: '2024-09' }) period!: string | null;
  @ApiProperty({ description: 'Localities with a plan, lowest disbursement rate against the assigned plan first', type: [LaggingLocalityView] }) localities!: LaggingLocalityView[];
  @ApiProperty({ description: 'Component projects in the subtree, lowest share disbursed first', type: [LaggingComponentView] }) components!: LaggingComponentView[];
}

/** Lowest first; a rate is a decimal text with two places, compared as a number of hundredths. */
export function byRate<T>(rate: (item: T) => string | null): (a: T, b: T) => number {
  const hundredths = (text: string | null) => (text === null ? Number.POSITIVE_INFINITY : Math.round(Number(text) * 100));
  return (a, b) => hundredths(rate(a)) - hundredths(rate(b));
}

export function toComponentView(component: ComponentFigures): LaggingComponentView {
  return {
    programCode: component.programCode,
    componentCode: component.componentCode,
    componentName: component.componentName,
    disbursedVnd: component.disbursedVnd.toString(),
    availableVnd: component.availableVnd.toString(),
    disbursedSharePercent: percentOf(component.disbursedVnd, component.disbursedVnd + component.availableVnd),
    accountCount: component.accountCount,
  };
}
