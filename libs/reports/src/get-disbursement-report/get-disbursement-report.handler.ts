import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { disbursementReport, type Snapshot, ReadSide } from '@ledger/read-models';
import { AsOfQueries, type LedgerAsOfAnswer } from '@ledger/audit';
import { GetDisbursementReportAsOfQuery, GetDisbursementReportQuery, type DisbursementReport } from './get-disbursement-report.query';

@QueryHandler(GetDisbursementReportQuery)
export class GetDisbursementReportHandler implements IQueryHandler<GetDisbursementReportQuery, Snapshot<DisbursementReport>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetDisbursementReportQuery): Promise<Snapshot<DisbursementReport>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return disbursementReport(this.readModels.reader, query.filter);
  }
}

@QueryHandler(GetDisbursementReportAsOfQuery)
export class GetDisbursementReportAsOfHandler implements IQueryHandler<GetDisbursementReportAsOfQuery, LedgerAsOfAnswer<DisbursementReport>> {
  constructor(@Inject(AsOfQueries) private readonly asOf: AsOfQueries) {}

  execute(query: GetDisbursementReportAsOfQuery): Promise<LedgerAsOfAnswer<DisbursementReport>> {
    return this.asOf.fromEvents(query.view, async (db) => (await disbursementReport(db, query.filter)).value);
  }
}
