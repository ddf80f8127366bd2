import { QueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { progressReport, type ProgressReport, type ReadDatabase, type Snapshot } from '@ledger/read-models';
import { ReportQueryHandler } from '../report-query-handler';
import { GetProgressReportQuery } from './get-progress-report.query';

@QueryHandler(GetProgressReportQuery)
export class GetProgressReportHandler extends ReportQueryHandler<GetProgressReportQuery, ProgressReport> {
  protected read(reader: Kysely<ReadDatabase>, query: GetProgressReportQuery): Promise<Snapshot<ProgressReport>> {
    return progressReport(reader, query.request);
  }
}
