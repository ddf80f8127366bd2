import { QueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { componentFigures, inSnapshot, progressReport, type ReadDatabase, type Snapshot } from '@ledger/read-models';
import { ReportQueryHandler } from '../report-query-handler';
import { GetLaggingReportQuery, type LaggingReport } from './get-lagging-report.query';

@QueryHandler(GetLaggingReportQuery)
export class GetLaggingReportHandler extends ReportQueryHandler<GetLaggingReportQuery, LaggingReport> {
  protected async read(reader: Kysely<ReadDatabase>, query: GetLaggingReportQuery): Promise<Snapshot<LaggingReport>> {
    const progress = await progressReport(reader, query.request);
    const { request } = query;
    const components = await inSnapshot(reader, ['registry', 'balances'], (trx) =>
      componentFigures(trx, request.underLocalityId, { planYear: request.planYear, programCode: request.programCode, capitalType: request.capitalType, budgetSource: request.budgetSource }),
    );
    // Two reads: the answer names the older position, so a client waiting on it waits long enough for both.
    return { position: progress.position < components.position ? progress.position : components.position, value: { progress: progress.value, components: components.value } };
  }
}
