import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Query as QueryParams } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { nationLocalityId } from '@ledger/domain';
import type { Snapshot } from '@ledger/read-models';
import { checkDateField, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toLocalityView } from '../figures.view';
import { progressByLocality } from '../progress/progress-figures';
import { toSumsView } from '../progress/progress.view';
import { parsePeriod } from '../progress/report-period';
import { byRate, laggingLimitDefault, LaggingReportParams, LaggingReportResponse, toComponentView } from './get-lagging-report.dto';
import { GetLaggingReportQuery, type LaggingReport } from './get-lagging-report.query';

@ApiTags('queries')
@Controller('v1/reports')
export class GetLaggingReportHttpController extends ReadModelController {
  @ReadModelRoute('lagging', LaggingReportResponse, 'The localities and component projects spending least: localities of a level by their disbursement rate against the assigned plan, components by the share of their money disbursed')
  async lagging(
    @QueryParams() params: LaggingReportParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<LaggingReportResponse> {
    if (params.on !== undefined) checkDateField(params.on, 'on');
    const underLocalityId = params.underLocalityId ?? nationLocalityId;
    await this.jurisdiction.assertReadable(principal, underLocalityId);
    const level = params.level ?? 'province';
    const period = params.period === undefined ? undefined : parsePeriod(params.period);
    const limit = params.limit ?? laggingLimitDefault;
    const snapshot: Snapshot<LaggingReport> = await this.queries.execute(
      new GetLaggingReportQuery(
        { planYear: params.planYear, level, underLocalityId, programCode: params.programCode, capitalType: params.capitalType, bySource: false, withCarriedOver: true, throughMonth: period?.throughMonth, yearEarlier: false, on: params.on },
        freshness.minPosition(params),
      ),
    );
    const position = freshness.reflect(snapshot.position);
    const { top } = snapshot.value.progress;
    if (!top) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${underLocalityId} is not in the read model`, { localityId: underLocalityId, position });
    const localities = progressByLocality(snapshot.value.progress.rows)
      .filter((entry) => entry.combined.planVnd > 0n)
      .map((entry) => ({ locality: toLocalityView(entry.locality), combined: toSumsView(entry.combined) }))
      .sort(byRate((entry) => entry.combined.disbursementRateOfAssignedPlanPercent))
      .slice(0, limit);
    const components = snapshot.value.components
      .map(toComponentView)
      .sort(byRate((component) => component.disbursedSharePercent))
      .slice(0, limit);
    return { position, planYear: params.planYear, level, underLocality: toLocalityView(top), period: period?.label ?? null, localities, components };
  }
}
