import { ApiProperty } from '@nestjs/swagger';
import { planYearMax, planYearMin, type BudgetSource, type CapitalType } from '@ledger/domain';
import { percentOf, type MonthFigures } from '@ledger/read-models';
import { BudgetSourceParam, CapitalTypeParam, FreshnessParams, LocalityIdParam, PlanYearParam, ProgramCodeParam, ReadModelAnswer } from '@ledger/http';
import { LocalityView } from '../figures.view';

export class MonthlyProgressParams extends FreshnessParams {
  @LocalityIdParam({ required: true, description: 'The locality whose subtree the curve sums', example: '11' }) localityId!: string;
  @PlanYearParam({ required: true, description: 'Plan year', example: 2024, minimum: planYearMin, maximum: planYearMax }) planYear!: number;
  @ProgramCodeParam('Only this program') programCode?: string;
  @CapitalTypeParam({ description: 'Only this capital type' }) capitalType?: CapitalType;
  @BudgetSourceParam({ description: 'Only this budget source' }) budgetSource?: BudgetSource;
}

export class MonthView {
  @ApiProperty({ description: 'YYYY-MM', example: '2024-04' }) month!: string;
  @ApiProperty({ description: 'Change of the plan in the month', example: '0' }) planChangeVnd!: string;
  @ApiProperty({ description: 'Change of the detailed allocation in the month', example: '0' }) detailedAllocatedChangeVnd!: string;
  @ApiProperty({ description: 'Disbursed in the month, net of reversals', example: '12000000000' }) disbursedVnd!: string;
  @ApiProperty({ description: 'Plan assigned at the month’s end', example: '2104900000000' }) planVnd!: string;
  @ApiProperty({ description: 'Allocated in detail at the month’s end', example: '2041753000000' }) detailedAllocatedVnd!: string;
  @ApiProperty({ description: 'Disbursed from January through the month’s end', example: '300000000000' }) cumulativeDisbursedVnd!: string;
  @ApiProperty({ description: 'Of it: after the normal term, under an extension', example: '0' }) cumulativeDisbursedUnderExtensionVnd!: string;
  @ApiProperty({ description: 'cumulativeDisbursed ÷ plan assigned at the month’s end, per cent', nullable: true, type: String, example: '14.25' }) disbursementRateOfAssignedPlanPercent!: string | null;
  @ApiProperty({ description: 'cumulativeDisbursed ÷ allocated in detail at the month’s end, per cent', nullable: true, type: String, example: '14.69' }) disbursementRateOfAllocatedPlanPercent!: string | null;
}

export class MonthlyProgressResponse extends ReadModelAnswer {
  @ApiProperty({ type: LocalityView }) locality!: LocalityView;
  @ApiProperty({ example: 2024 }) planYear!: number;
  @ApiProperty({ description: 'From January of the plan year through the last month with an entry; entries dated earlier count in January', type: [MonthView] }) months!: MonthView[];
}

export function toMonthView(month: MonthFigures): MonthView {
  return {
    month: `${Math.floor(month.month / 100)}-${String(month.month % 100).padStart(2, '0')}`,
    planChangeVnd: month.planChangeVnd.toString(),
    detailedAllocatedChangeVnd: month.detailedAllocatedChangeVnd.toString(),
    disbursedVnd: month.disbursedVnd.toString(),
    planVnd: month.planVnd.toString(),
    detailedAllocatedVnd: month.detailedAllocatedVnd.toString(),
    cumulativeDisbursedVnd: month.cumulativeDisbursedVnd.toString(),
    cumulativeDisbursedUnderExtensionVnd: month.cumulativeDisbursedUnderExtensionVnd.toString(),
    disbursementRateOfAssignedPlanPercent: percentOf(month.cumulativeDisbursedVnd, month.planVnd),
    disbursementRateOfAllocatedPlanPercent: percentOf(month.cumulativeDisbursedVnd, month.detailedAllocatedVnd),
  };
}
