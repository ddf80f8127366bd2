import { QueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { monthlyProgress, type MonthlyProgress, type ReadDatabase, type Snapshot } from '@ledger/read-models';
import { ReportQueryHandler } from '../report-query-handler';
import { GetMonthlyProgressQuery } from './get-monthly-progress.query';

@QueryHandler(GetMonthlyProgressQuery)
export class GetMonthlyProgressHandler extends ReportQueryHandler<GetMonthlyProgressQuery, MonthlyProgress> {
  protected read(reader: Kysely<ReadDatabase>, query: GetMonthlyProgressQuery): Promise<Snapshot<MonthlyProgress>> {
    return monthlyProgress(reader, query.request);
  }
}
