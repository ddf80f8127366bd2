import { CurrentPrincipal, JurisdictionChecker, readerRoles, Roles, type Principal } from '@ledger/identity';
import { Controller, Get, Headers, Param, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { asOfSummary, asOfViewFrom, type RequestHeaders, InputValidationError, minPositionApiHeader, minPositionFrom, reflectPosition, type HeaderReply, localityIdMessage, localityIdPattern } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { LocalityRollupParams, RollupResponse, toRollupResponse } from './get-locality-rollup.dto';
import { GetLocalityRollupAsOfQuery, GetLocalityRollupQuery } from './get-locality-rollup.query';

@ApiTags('queries')
@Controller('v1/localities')
export class GetLocalityRollupHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly jurisdiction: JurisdictionChecker,
  ) {}

  @Get(':localityId/rollup')
  @Roles(...readerRoles)
  @ApiOperation({
    summary:
      'Totals of a locality and everything under it, per program, plan year, capital type and budget source: plan, detailed allocation, disbursed, available, in transit and the rates; with asOfDate, knownAt or asOfPosition, the same figures then, folded from the events of that view',
  })
  @ApiHeader(minPositionApiHeader)
  @ApiOkResponse({ type: RollupResponse })
  async rollup(
    @Param('localityId') localityId: string,
    @QueryParams() params: LocalityRollupParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<RollupResponse> {
    if (!localityIdPattern.test(localityId)) throw new InputValidationError([{ field: 'localityId', messages: [localityIdMessage] }]);
    const view = asOfViewFrom(params);
    await this.jurisdiction.assertReadable(principal, localityId);
    const filter = { programCode: params.programCode, planYear: params.planYear, capitalType: params.capitalType, budgetSource: params.budgetSource };
    if (view) {
      const answer = await this.queries.execute(new GetLocalityRollupAsOfQuery(localityId, filter, view));
      const position = reflectPosition(reply, answer.position);
      const { locality, lines } = answer.value;
      if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${localityId} is not registered in this view`, { localityId, position });
      return { ...toRollupResponse({ locality, lines }, position), asOf: asOfSummary(view, answer.position, answer.eventsInView, answer.differences) };
    }
    const snapshot = await this.queries.execute(
      new GetLocalityRollupQuery(localityId, { programCode: params.programCode, planYear: params.planYear, capitalType: params.capitalType, budgetSource: params.budgetSource }, minPositionFrom(params, headers)),
    );
    const position = reflectPosition(reply, snapshot.position);
    const { locality, lines } = snapshot.value;
    if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${localityId} is not in the read model`, { localityId, position });
    return toRollupResponse({ locality, lines }, position);
  }
}
