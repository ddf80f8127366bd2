import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Param, Query as QueryParams } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { asOfSummary, asOfViewFrom, type AsOfSummary, InputValidationError, flag, localityIdMessage, localityIdPattern, checkDateField, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { RollupParams, RollupResponse, toRollupResponse } from './get-locality-rollup.dto';
import { GetLocalityRollupAsOfQuery, GetLocalityRollupQuery, type LocalityRollup } from './get-locality-rollup.query';

@ApiTags('queries')
@Controller('v1/localities')
export class GetLocalityRollupHttpController extends ReadModelController {
  @ReadModelRoute(':localityId/rollup', RollupResponse, 'Totals of a locality and everything under it, per program, plan year, capital type and budget source: plan, detailed allocation, disbursed, available, in transit, handed over and the rates; on its own structure, or with the units it came from. With asOfDate, knownAt or asOfPosition, the same figures then, folded from the events of that view')
  async rollup(
    @Param('localityId') localityId: string,
    @QueryParams() params: RollupParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<RollupResponse> {
    if (!localityIdPattern.test(localityId)) throw new InputValidationError([{ field: 'localityId', messages: [localityIdMessage] }]);
    if (params.on !== undefined) checkDateField(params.on, 'on');
    if (params.followProgramSuccession === 'true' && params.programCode === undefined) {
      throw new InputValidationError([{ field: 'followProgramSuccession', messages: ['followProgramSuccession follows the succession of the program named by programCode'] }]);
    }
    const view = asOfViewFrom(params);
    // A path read as a code names its unit only once resolved: the unit answered is checked then.
    if (params.on === undefined) await this.jurisdiction.assertReadable(principal, localityId);
    const includePredecessors = flag(params.includePredecessors) ?? false;
    const filter = { programCode: params.programCode, planYear: params.planYear, capitalType: params.capitalType, budgetSource: params.budgetSource };
    const options = { includePredecessors, followProgramSuccession: flag(params.followProgramSuccession) ?? false, on: params.on };
    // As of a view of the past, the same roll-up from the events of that view, not the read models.
    let answer: { readonly value: LocalityRollup; readonly position: bigint };
    let asOf: AsOfSummary | undefined;
    if (view) {
      const folded = await this.queries.execute(new GetLocalityRollupAsOfQuery(localityId, filter, view, options));
      answer = folded;
      asOf = asOfSummary(view, folded.position, folded.eventsInView, folded.differences);
    } else answer = await this.queries.execute(new GetLocalityRollupQuery(localityId, filter, freshness.minPosition(params), options));
    const position = freshness.reflect(answer.position);
    const { locality } = answer.value;
    if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${localityId} is not in the ${view ? 'view asked for' : 'read model'}`, { localityId, position });
    if (params.on !== undefined) await this.jurisdiction.assertReadable(principal, locality.localityId);
    return { ...toRollupResponse({ ...answer.value, locality }, position, includePredecessors), ...(asOf ? { asOf } : {}) };
  }
}
