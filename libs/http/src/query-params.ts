import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { budgetSources, capitalTypes, codePattern, localityIdPattern, planYearMax, planYearMin, type BudgetSource, type CapitalType } from '@ledger/domain';
import { FreshnessParams, positionPattern } from './freshness';

/** Filters on a funding line, shared by the balance, roll-up and report queries. */
export class FundingLineParams extends FreshnessParams {
  @ApiPropertyOptional({ description: 'Program code', example: 'DTTS' })
  @IsOptional()
  @Matches(codePattern, { message: 'programCode must be an upper-case code such as DTTS' })
  programCode?: string;

  @ApiPropertyOptional({ description: 'Plan year', example: 2024, minimum: planYearMin, maximum: planYearMax })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(planYearMin)
  @Max(planYearMax)
  planYear?: number;

  @ApiPropertyOptional({ description: 'Capital type: DTPT (investment) or SN (recurrent)', enum: capitalTypes, example: 'DTPT' })
  @IsOptional()
  @IsIn(capitalTypes)
  capitalType?: CapitalType;

  @ApiPropertyOptional({ description: 'Budget source', enum: budgetSources, example: 'NSTW' })
  @IsOptional()
  @IsIn(budgetSources)
  budgetSource?: BudgetSource;
}

export const localityIdMessage = 'localityId is not a locality id (e.g. 11, 094, 03127, 11@2025)';

/** Page-size parameter with a named maximum per endpoint. */
export function pageLimit(limit: number | undefined, fallback: number): number {
  return limit ?? fallback;
}

export class PositionCursorParams extends FreshnessParams {
  @ApiPropertyOptional({ description: 'Cursor: answer only items after this position (exclusive); take it from `nextAfterPosition`', example: '0' })
  @IsOptional()
  @Matches(positionPattern, { message: 'afterPosition must be an event position (a whole number)' })
  afterPosition?: string;
}

export { localityIdPattern };
