import { Query } from '@nestjs/cqrs';
import type { FundingLineFilter, Rollup, Snapshot } from '@ledger/read-models';

/** A locality's subtree totals per funding line. */
export class GetLocalityRollupQuery extends Query<Snapshot<Rollup>> {
  constructor(
    readonly localityId: string,
    readonly filter: FundingLineFilter,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
