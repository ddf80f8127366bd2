import { localityIdPattern, planYearMax, planYearMin, type BudgetSource, type CapitalType } from '@ledger/domain';
import { FreshnessParams } from './freshness';
import { BudgetSourceParam, CapitalTypeParam, PlanYearParam, PositionParam, ProgramCodeParam } from './query-param-decorators';

/** Filters on a funding line, shared by the balance, roll-up and report queries. */
export class FundingLineParams extends FreshnessParams {
  @ProgramCodeParam('Program code') programCode?: string;
  @PlanYearParam({ description: 'Plan year', example: 2024, minimum: planYearMin, maximum: planYearMax }) planYear?: number;
  @CapitalTypeParam({ description: 'Capital type: DTPT (investment) or SN (recurrent)', example: 'DTPT' }) capitalType?: CapitalType;
  @BudgetSourceParam({ description: 'Budget source', example: 'NSTW' }) budgetSource?: BudgetSource;
}

/** Page-size parameter with a named maximum per endpoint. */
export function pageLimit(limit: number | undefined, fallback: number): number {
  return limit ?? fallback;
}

export class PositionCursorParams extends FreshnessParams {
  @PositionParam({ description: 'Cursor: answer only items after this position (exclusive); take it from `nextAfterPosition`', example: '0' }) afterPosition?: string;
}

/** The position a page starts after: the first page starts before every event. */
export function afterPositionFrom(params: PositionCursorParams): bigint {
  return params.afterPosition === undefined ? -1n : BigInt(params.afterPosition);
}

/** The cursor of the next page, as an answer gives it: null on the last page. */
export function nextAfterPositionText(nextAfterPosition: bigint | null): string | null {
  return nextAfterPosition === null ? null : nextAfterPosition.toString();
}

export { localityIdPattern };
