import { OptionalField, DecimalInteger, IsPosition } from './field-decorators';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { budgetSources, capitalTypes, codePattern, localityIdPattern, planYearMax, planYearMin, type BudgetSource, type CapitalType } from '@ledger/domain';
import { FreshnessParams } from './freshness';

/** Filters on a funding line, shared by the balance, roll-up and report queries. */
export class FundingLineParams extends FreshnessParams {
  @ApiPropertyOptional({ description: 'Program code', example: 'DTTS' })
  @OptionalField()
  @Matches(codePattern, { message: 'programCode must be an upper-case code such as DTTS' })
  programCode?: string;

  @ApiPropertyOptional({ description: 'Plan year', example: 2024, minimum: planYearMin, maximum: planYearMax })
  @OptionalField()
  @DecimalInteger()
  @IsInt()
  @Min(planYearMin)
  @Max(planYearMax)
  planYear?: number;

  @ApiPropertyOptional({ description: 'Capital type: DTPT (investment) or SN (recurrent)', enum: capitalTypes, example: 'DTPT' })
  @OptionalField()
  @IsIn(capitalTypes)
  capitalType?: CapitalType;

  @ApiPropertyOptional({ description: 'Budget source', enum: budgetSources, example: 'NSTW' })
  @OptionalField()
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
  @OptionalField()
  @IsPosition()
  afterPosition?: string;
}

export { localityIdPattern };
