import type { ApiPropertyOptions } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { QueryParam } from '@ledger/http';
import { periodPattern } from './report-period';

/** The `period` a report is as of: a month or a quarter, read by `parsePeriod`. */
export function PeriodParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return QueryParam(openApi, Matches(periodPattern, { message: 'period must be a month written YYYY-MM or a quarter written YYYY-Qn' }));
}
