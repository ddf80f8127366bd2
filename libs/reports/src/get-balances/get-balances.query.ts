import { Query } from '@nestjs/cqrs';
import type { AccountBalance, BalanceFilter, BalancePage, Snapshot } from '@ledger/read-models';

/** A page of account balances from the balances read model. */
export class GetBalancesQuery extends Query<Snapshot<BalancePage>> {
  constructor(
    readonly filter: BalanceFilter,
    readonly afterAccountId: string | undefined,
    readonly limit: number,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}

/** One account's projected balance. */
export class GetBalanceQuery extends Query<Snapshot<AccountBalance | undefined>> {
  constructor(
    readonly accountId: string,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
