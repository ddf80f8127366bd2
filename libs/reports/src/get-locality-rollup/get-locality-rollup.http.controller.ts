import { CurrentPrincipal, JurisdictionChecker, readerRoles, Roles, type Principal } from '@ledger/identity';
import { Controller, Get, Headers, Param, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequestHeaders, InputValidationError, minPositionApiHeader, minPositionFrom, reflectPosition, type HeaderReply, flag, isRealDate, localityIdMessage, localityIdPattern } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { RollupParams, RollupResponse, toRollupResponse } from './get-locality-rollup.dto';
import { GetLocalityRollupQuery } from './get-locality-rollup.query';

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
      'Totals of a locality and everything under it, per program, plan year, capital type and budget source: plan, detailed allocation, disbursed, available, in transit, handed over and the rates; on its own structure, or with the units it came from',
  })
  @ApiHeader(minPositionApiHeader)
  @ApiOkResponse({ type: RollupResponse })
  async rollup(
    @Param('localityId') localityId: string,
    @QueryParams() params: RollupParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<RollupResponse> {
    if (!localityIdPattern.test(localityId)) throw new InputValidationError([{ field: 'localityId', messages: [localityIdMessage] }]);
    if (params.on !== undefined && !isRealDate(params.on)) throw new InputValidationError([{ field: 'on', messages: ['on is not a calendar date'] }]);
    if (params.followProgramSuccession === 'true' && params.programCode === undefined) {
      throw new InputValidationError([{ field: 'followProgramSuccession', messages: ['followProgramSuccession follows the succession of the program named by programCode'] }]);
    }
    // A path read as a code names its unit only once resolved: the unit answered is checked then.
    if (params.on === undefined) await this.jurisdiction.assertReadable(principal, localityId);
    const includePredecessors = flag(params.includePredecessors) ?? false;
    const snapshot = await this.queries.execute(
      new GetLocalityRollupQuery(localityId, { programCode: params.programCode, planYear: params.planYear, capitalType: params.capitalType, budgetSource: params.budgetSource }, minPositionFrom(params, headers), {
        includePredecessors,
        followProgramSuccession: flag(params.followProgramSuccession) ?? false,
        on: params.on,
      }),
    );
    const position = reflectPosition(reply, snapshot.position);
    const { locality } = snapshot.value;
    if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${localityId} is not in the read model`, { localityId, position });
    if (params.on !== undefined) await this.jurisdiction.assertReadable(principal, locality.localityId);
    return toRollupResponse({ ...snapshot.value, locality }, position, includePredecessors);
  }
}
