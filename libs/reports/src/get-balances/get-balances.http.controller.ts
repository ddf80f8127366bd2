import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Param, Query as QueryParams } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { accountId as accountIdOf } from '@ledger/domain';
import { parseAccountIdField, flag, FreshnessParams, pageLimit, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { balancesPageSizeDefault, BalanceResponse, BalancesParams, BalancesResponse, toBalanceView } from './get-balances.dto';
import { GetBalanceQuery, GetBalancesQuery } from './get-balances.query';


@ApiTags('queries')
@Controller('v1/balances')
export class GetBalancesHttpController extends ReadModelController {
  @ReadModelRoute('', BalancesResponse, 'Account balances from the balances read model, filtered by program, plan year, capital type, budget source and locality (optionally its subtree)')
  async list(
    @QueryParams() params: BalancesParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<BalancesResponse> {
    await this.jurisdiction.scopedLocality(principal, params.localityId);
    const snapshot = await this.queries.execute(
      new GetBalancesQuery(
        {
          programCode: params.programCode,
          planYear: params.planYear,
          capitalType: params.capitalType,
          budgetSource: params.budgetSource,
          localityId: params.localityId,
          subtree: flag(params.subtree),
          componentCode: params.componentCode,
        },
        params.afterAccountId,
        pageLimit(params.limit, balancesPageSizeDefault),
        freshness.minPosition(params),
      ),
    );
    return {
      position: freshness.reflect(snapshot.position),
      balances: snapshot.value.balances.map(toBalanceView),
      nextAfterAccountId: snapshot.value.nextAfterAccountId,
    };
  }

  @ReadModelRoute(':accountId', BalanceResponse, 'One account’s projected balance, including money in transit towards and from it')
  async one(
    @Param('accountId') accountIdText: string,
    @QueryParams() params: FreshnessParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<BalanceResponse> {
    const key = parseAccountIdField(accountIdText, 'accountId');
    await this.jurisdiction.assertReadable(principal, key.localityId);
    const accountId = accountIdOf(key);
    const snapshot = await this.queries.execute(new GetBalanceQuery(accountId, freshness.minPosition(params)));
    const position = freshness.reflect(snapshot.position);
    if (!snapshot.value) throw new NotFoundError('ACCOUNT_NOT_FOUND', `account ${accountId} has no projected balance`, { accountId, position });
    return { ...toBalanceView(snapshot.value), position };
  }
}
