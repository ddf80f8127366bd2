import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { componentFigures, inSnapshot, progressReport, ReadSide, type Snapshot } from '@ledger/read-models';
import { GetLaggingReportQuery, type LaggingReport } from './get-lagging-report.query';

@QueryHandler(GetLaggingReportQuery)
export class GetLaggingReportHandler implements IQueryHandler<GetLaggingReportQuery, Snapshot<LaggingReport>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetLaggingReportQuery): Promise<Snapshot<LaggingReport>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    const progress = await progressReport(this.readModels.reader, query.request);
    const { request } = query;
    const components = await inSnapshot(this.readModels.reader, ['registry', 'balances'], (trx) =>
      componentFigures(trx, request.underLocalityId, { planYear: request.planYear, programCode: request.programCode, capitalType: request.capitalType, budgetSource: request.budgetSource }),
    );
    // Two reads: the answer names the older position, so a client waiting on it waits long enough for both.
    return { position: progress.position < components.position ? progress.position : components.position, value: { progress: progress.value, components: components.value } };
  }
}
