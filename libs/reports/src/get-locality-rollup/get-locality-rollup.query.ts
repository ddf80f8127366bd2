import { Query } from '@nestjs/cqrs';
import type { FundingLineFilter, Rollup, Snapshot } from '@ledger/read-models';
import type { AsOfView, LedgerAsOfAnswer } from '@ledger/audit';

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

/** The same roll-up as of a view of the past, folded from the events of that view. */
export class GetLocalityRollupAsOfQuery extends Query<LedgerAsOfAnswer<Rollup>> {
  constructor(
    readonly localityId: string,
    readonly filter: FundingLineFilter,
    readonly view: AsOfView,
  ) {
    super();
  }
}
