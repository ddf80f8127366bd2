import { Query } from '@nestjs/cqrs';
import type { IdleAccount, IdleMoneyRequest, LocalityName, Snapshot } from '@ledger/read-models';

export interface IdleMoney {
  readonly locality: LocalityName | undefined;
  readonly accounts: readonly IdleAccount[];
}

/** Money that has not moved for more than a number of days, in a locality's subtree. */
export class GetIdleMoneyQuery extends Query<Snapshot<IdleMoney>> {
  constructor(
    readonly request: IdleMoneyRequest,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
