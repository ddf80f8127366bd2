import { Query } from '@nestjs/cqrs';
import type { AuditFilter, AuditPage, Snapshot } from '@ledger/read-models';

/** A page of the audit trail, in event order. */
export class GetAuditTrailQuery extends Query<Snapshot<AuditPage>> {
  constructor(
    readonly filter: AuditFilter,
    readonly afterPosition: bigint,
    readonly limit: number,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
