import { Query } from '@nestjs/cqrs';
import type { DisbursementReportFilter, DisbursementReportRow, LocalityName, Snapshot } from '@ledger/read-models';

export interface DisbursementReport {
  readonly top: LocalityName | undefined;
  readonly rows: readonly DisbursementReportRow[];
}

/** The disbursement progress report (per locality of a level × program × capital type). */
export class GetDisbursementReportQuery extends Query<Snapshot<DisbursementReport>> {
  constructor(
    readonly filter: DisbursementReportFilter,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
