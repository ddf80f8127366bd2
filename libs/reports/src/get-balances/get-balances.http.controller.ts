import { CurrentPrincipal, JurisdictionChecker, readerRoles, Roles, type Principal } from '@ledger/identity';
import { Controller, Get, Headers, Param, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { accountId as accountIdOf } from '@ledger/domain';
import { ApiReadModelQuery, parseAccountIdField, type RequestHeaders, flag, FreshnessParams, minPositionFrom, reflectPosition, type HeaderReply, pageLimit } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { balancesPageSizeDefault, BalanceResponse, BalancesParams, BalancesResponse, toBalanceView } from './get-balances.dto';
import { GetBalanceQuery, GetBalancesQuery } from './get-balances.query';


@ApiTags('queries')
@Controller('v1/balances')
export class GetBalancesHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly jurisdiction: JurisdictionChecker,
  ) {}

  @Get()
  @Roles(...readerRoles)
  @ApiReadModelQuery(BalancesResponse, { summary: 'Account balances from the balances read model, filtered by program, plan year, capital type, budget source and locality (optionally its subtree)' })
  async list(
    @QueryParams() params: BalancesParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
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
        minPositionFrom(params, headers),
      ),
    );
    return {
      position: reflectPosition(reply, snapshot.position),
      balances: snapshot.value.balances.map(toBalanceView),
      nextAfterAccountId: snapshot.value.nextAfterAccountId,
    };
  }

  @Get(':accountId')
  @Roles(...readerRoles)
  @ApiReadModelQuery(BalanceResponse, { summary: 'One account’s projected balance, including money in transit towards and from it' })
  async one(
    @Param('accountId') accountIdText: string,
    @QueryParams() params: FreshnessParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<BalanceResponse> {
    const key = parseAccountIdField(accountIdText, 'accountId');
    await this.jurisdiction.assertReadable(principal, key.localityId);
    const accountId = accountIdOf(key);
    const snapshot = await this.queries.execute(new GetBalanceQuery(accountId, minPositionFrom(params, headers)));
    const position = reflectPosition(reply, snapshot.position);
    if (!snapshot.value) throw new NotFoundError('ACCOUNT_NOT_FOUND', `account ${accountId} has no projected balance`, { accountId, position });
    return { ...toBalanceView(snapshot.value), position };
  }
}
