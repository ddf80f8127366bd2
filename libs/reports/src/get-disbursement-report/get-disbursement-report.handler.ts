import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { disbursementReport, type ReadDatabase, type Snapshot } from '@ledger/read-models';
import { AsOfQueries, type LedgerAsOfAnswer } from '@ledger/audit';
import { ReportQueryHandler } from '../report-query-handler';
import { GetDisbursementReportAsOfQuery, GetDisbursementReportQuery, type DisbursementReport } from './get-disbursement-report.query';

@QueryHandler(GetDisbursementReportQuery)
export class GetDisbursementReportHandler extends ReportQueryHandler<GetDisbursementReportQuery, DisbursementReport> {
  protected read(reader: Kysely<ReadDatabase>, query: GetDisbursementReportQuery): Promise<Snapshot<DisbursementReport>> {
    return disbursementReport(reader, query.filter);
  }
}

@QueryHandler(GetDisbursementReportAsOfQuery)
export class GetDisbursementReportAsOfHandler implements IQueryHandler<GetDisbursementReportAsOfQuery, LedgerAsOfAnswer<DisbursementReport>> {
  constructor(@Inject(AsOfQueries) private readonly asOf: AsOfQueries) {}

  execute(query: GetDisbursementReportAsOfQuery): Promise<LedgerAsOfAnswer<DisbursementReport>> {
    return this.asOf.fromEvents(query.view, async (db) => (await disbursementReport(db, query.filter)).value);
  }
}
