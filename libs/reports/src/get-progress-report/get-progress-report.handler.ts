import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { progressReport, ReadSide, type ProgressReport, type Snapshot } from '@ledger/read-models';
import { GetProgressReportQuery } from './get-progress-report.query';

@QueryHandler(GetProgressReportQuery)
export class GetProgressReportHandler implements IQueryHandler<GetProgressReportQuery, Snapshot<ProgressReport>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetProgressReportQuery): Promise<Snapshot<ProgressReport>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return progressReport(this.readModels.reader, query.request);
  }
}
