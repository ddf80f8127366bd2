import { Query } from '@nestjs/cqrs';
import type { DisbursementReportFilter, DisbursementReportRow, LocalityName, Snapshot } from '@ledger/read-models';
import type { AsOfView, LedgerAsOfAnswer } from '@ledger/audit';

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

/** The same report as of a view of the past, folded from the events of that view. */
export class GetDisbursementReportAsOfQuery extends Query<LedgerAsOfAnswer<DisbursementReport>> {
  constructor(
    readonly filter: DisbursementReportFilter,
    readonly view: AsOfView,
  ) {
    super();
  }
}
