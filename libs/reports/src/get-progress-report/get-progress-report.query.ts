import { Query } from '@nestjs/cqrs';
import type { ProgressReport, ProgressReportRequest, Snapshot } from '@ledger/read-models';

/** The disbursement progress report by period: current-year and carried-over capital, previous period, a year earlier. */
export class GetProgressReportQuery extends Query<Snapshot<ProgressReport>> {
  constructor(
    readonly request: ProgressReportRequest,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
