import { CurrentPrincipal, JurisdictionChecker, type Principal } from '@ledger/identity';
import { Controller, Inject, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Snapshot } from '@ledger/read-models';
import { checkDateField, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { CLOCK, NotFoundError, vietnamDate, type Clock } from '@ledger/commands';
import { toLocalityView } from '../figures.view';
import { daysBefore, idleLimitDefault, IdleMoneyParams, IdleMoneyResponse, toIdleAccountView } from './get-idle-money.dto';
import { GetIdleMoneyQuery, type IdleMoney } from './get-idle-money.query';

@ApiTags('queries')
@Controller('v1/reports')
export class GetIdleMoneyHttpController extends ReadModelController {
  constructor(
    queries: QueryBus,
    jurisdiction: JurisdictionChecker,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(queries, jurisdiction);
  }

  @ReadModelRoute('idle-money', IdleMoneyResponse, 'Money that sits: accounts in a locality’s subtree holding money not allocated onwards or not disbursed, whose last movement out is more than N days old — a list a finance department can act on')
  async idle(
    @QueryParams() params: IdleMoneyParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<IdleMoneyResponse> {
    if (params.asOf !== undefined) checkDateField(params.asOf, 'asOf');
    await this.jurisdiction.assertReadable(principal, params.localityId);
    const asOf = params.asOf ?? vietnamDate(this.clock.now());
    const limit = params.limit ?? idleLimitDefault;
    // "More than N days": the last movement on or before asOf − N − 1 days. One more than the limit tells whether the list was cut.
    const snapshot: Snapshot<IdleMoney> = await this.queries.execute(
      new GetIdleMoneyQuery({ localityId: params.localityId, idleSinceOnOrBefore: daysBefore(asOf, params.idleDays + 1), planYear: params.planYear, programCode: params.programCode, limit: limit + 1 }, freshness.minPosition(params)),
    );
    const position = freshness.reflect(snapshot.position);
    const { locality, accounts } = snapshot.value;
    if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${params.localityId} is not in the read model`, { localityId: params.localityId, position });
    const listed = accounts.slice(0, limit);
    return {
      position,
      locality: toLocalityView(locality),
      asOf,
      idleDays: params.idleDays,
      totalVnd: listed.reduce((sum, account) => sum + account.availableVnd, 0n).toString(),
      truncated: accounts.length > limit,
      accounts: listed.map((account) => toIdleAccountView(account, asOf)),
    };
  }
}
