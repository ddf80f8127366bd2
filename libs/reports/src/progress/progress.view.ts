import { ApiProperty } from '@nestjs/swagger';
import type { ProgressAmounts } from '@ledger/read-models';
import { ratesOf, sumsOf, type ProgressSums } from './progress-figures';

/** Progress figures as JSON: amounts as decimal strings of whole đồng, rates as percentages with two decimals, each named for its denominator. */
export class ProgressFiguresView {
  @ApiProperty({ description: 'Plan assigned (kế hoạch vốn được giao): money that entered the subtree, net of money sent out of it; for carried-over capital, what the extended accounts still held when their normal term ended, less what they disbursed under the extension before the reporting year', example: '99046400000' })
  planVnd!: string;
  @ApiProperty({ description: 'Allocated in detail (đã phân bổ chi tiết) by the locality to units below it; null for carried-over capital', nullable: true, type: String, example: '96075008000' })
  detailedAllocatedVnd!: string | null;
  @ApiProperty({ description: 'Not yet allocated (chưa phân bổ): plan minus detailed allocation; null for carried-over capital', nullable: true, type: String, example: '2971392000' })
  notYetAllocatedVnd!: string | null;
  @ApiProperty({ description: 'Disbursed (giải ngân), net of reversals, in the whole subtree through the period; for carried-over capital, what was disbursed under the extension in the reporting year', example: '37637632000' })
  disbursedVnd!: string;
  @ApiProperty({ description: 'Of the disbursement: within the money’s normal term (31 December of the plan year for recurrent funds, 31 January of the next year for investment)', example: '37637632000' })
  disbursedWithinTermVnd!: string;
  @ApiProperty({ description: 'Of the disbursement: after the normal term, under an extension', example: '0' })
  disbursedUnderExtensionVnd!: string;
  @ApiProperty({ description: 'Held, not yet disbursed or passed on; null for carried-over capital', nullable: true, type: String, example: '61408768000' })
  availableVnd!: string | null;
  @ApiProperty({ description: 'On its way into the subtree, debited but not yet credited; null for carried-over capital', nullable: true, type: String, example: '0' })
  inTransitInVnd!: string | null;
  @ApiProperty({ description: 'detailedAllocated ÷ plan assigned, per cent; null when the plan is 0 or for carried-over capital', nullable: true, type: String, example: '97.00' })
  detailedAllocationRatePercent!: string | null;
  @ApiProperty({ description: 'disbursed ÷ plan assigned (so với kế hoạch giao), per cent; null when the plan is 0', nullable: true, type: String, example: '38.00' })
  disbursementRateOfAssignedPlanPercent!: string | null;
  @ApiProperty({ description: 'disbursed ÷ allocated in detail (so với kế hoạch đã phân bổ), per cent; null when nothing was allocated in detail (a unit that disburses itself, or carried-over capital)', nullable: true, type: String, example: '39.18' })
  disbursementRateOfAllocatedPlanPercent!: string | null;
}

export function toProgressView(amounts: ProgressAmounts): ProgressFiguresView {
  const rates = ratesOf(sumsOf(amounts));
  const text = (value: bigint | null) => (value === null ? null : value.toString());
  return {
    planVnd: amounts.planVnd.toString(),
    detailedAllocatedVnd: text(amounts.detailedAllocatedVnd),
    notYetAllocatedVnd: text(amounts.notYetAllocatedVnd),
    disbursedVnd: amounts.disbursedVnd.toString(),
    disbursedWithinTermVnd: amounts.disbursedWithinTermVnd.toString(),
    disbursedUnderExtensionVnd: amounts.disbursedUnderExtensionVnd.toString(),
    availableVnd: text(amounts.availableVnd),
    inTransitInVnd: text(amounts.inTransitInVnd),
    ...rates,
    detailedAllocationRatePercent: amounts.detailedAllocatedVnd === null ? null : rates.detailedAllocationRatePercent,
    disbursementRateOfAllocatedPlanPercent: amounts.detailedAllocatedVnd === null ? null : rates.disbursementRateOfAllocatedPlanPercent,
  };
}

/** Sums (of several rows) as JSON: every figure is known, carried-over capital counting zero where it has none. */
export function toSumsView(sums: ProgressSums): ProgressFiguresView {
  return {
    planVnd: sums.planVnd.toString(),
    detailedAllocatedVnd: sums.detailedAllocatedVnd.toString(),
    notYetAllocatedVnd: (sums.planVnd - sums.detailedAllocatedVnd).toString(),
    disbursedVnd: sums.disbursedVnd.toString(),
    disbursedWithinTermVnd: sums.disbursedWithinTermVnd.toString(),
    disbursedUnderExtensionVnd: sums.disbursedUnderExtensionVnd.toString(),
    availableVnd: sums.availableVnd.toString(),
    inTransitInVnd: sums.inTransitInVnd.toString(),
    ...ratesOf(sums),
  };
}
