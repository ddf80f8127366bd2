import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { findBalance, listBalances, type AccountBalance, type BalancePage, type Snapshot, ReadSide } from '@ledger/read-models';
import { GetBalanceQuery, GetBalancesQuery } from './get-balances.query';

@QueryHandler(GetBalancesQuery)
export class GetBalancesHandler implements IQueryHandler<GetBalancesQuery, Snapshot<BalancePage>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetBalancesQuery): Promise<Snapshot<BalancePage>> {
    await this.readModels.awaitPosition(query.minPosition, query.filter.subtree ? ['balances', 'registry'] : ['balances']);
    return listBalances(this.readModels.reader, query.filter, query.afterAccountId, query.limit);
  }
}

@QueryHandler(GetBalanceQuery)
export class GetBalanceHandler implements IQueryHandler<GetBalanceQuery, Snapshot<AccountBalance | undefined>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetBalanceQuery): Promise<Snapshot<AccountBalance | undefined>> {
    await this.readModels.awaitPosition(query.minPosition, ['balances']);
    return findBalance(this.readModels.reader, query.accountId);
  }
}
