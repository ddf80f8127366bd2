import { Query } from '@nestjs/cqrs';
import type { ApprovalFilter, ApprovalPage, ApprovalRequestView, Snapshot } from '@ledger/read-models';

/** A page of movement requests, as they stand now, in the order they were made. */
export class ListApprovalsQuery extends Query<Snapshot<ApprovalPage>> {
  constructor(
    readonly filter: ApprovalFilter,
    readonly afterPosition: bigint,
    readonly limit: number,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

/** One movement request as it stands now. */
export class GetApprovalQuery extends Query<Snapshot<ApprovalRequestView | undefined>> {
  constructor(
    readonly requestId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
