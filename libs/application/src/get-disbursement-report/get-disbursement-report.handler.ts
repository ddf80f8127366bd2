import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { disbursementReport, type Snapshot } from '@ledger/read-models';
import { ReadModels } from '../read-side/read-models.service';
import { GetDisbursementReportQuery, type DisbursementReport } from './get-disbursement-report.query';

@QueryHandler(GetDisbursementReportQuery)
export class GetDisbursementReportHandler implements IQueryHandler<GetDisbursementReportQuery, Snapshot<DisbursementReport>> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  async execute(query: GetDisbursementReportQuery): Promise<Snapshot<DisbursementReport>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return disbursementReport(this.readModels.reader, query.filter);
  }
}
