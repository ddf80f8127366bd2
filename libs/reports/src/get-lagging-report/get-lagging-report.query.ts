import { Query } from '@nestjs/cqrs';
import type { ComponentFigures, ProgressReport, ProgressReportRequest, Snapshot } from '@ledger/read-models';

export interface LaggingReport {
  readonly progress: ProgressReport;
  readonly components: readonly ComponentFigures[];
}

/** The localities and component projects spending least, under a locality. */
export class GetLaggingReportQuery extends Query<Snapshot<LaggingReport>> {
  constructor(
    readonly request: ProgressReportRequest,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
