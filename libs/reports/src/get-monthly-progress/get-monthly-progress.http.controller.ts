import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Query as QueryParams } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MonthlyProgress, Snapshot } from '@ledger/read-models';
import { ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toLocalityView } from '../figures.view';
import { MonthlyProgressParams, MonthlyProgressResponse, toMonthView } from './get-monthly-progress.dto';
import { GetMonthlyProgressQuery } from './get-monthly-progress.query';

@ApiTags('queries')
@Controller('v1/reports')
export class GetMonthlyProgressHttpController extends ReadModelController {
  @ReadModelRoute('monthly-progress', MonthlyProgressResponse, 'A locality’s plan year month by month, by effective date: each month’s disbursement and the cumulative curve against the plan assigned and the plan allocated in detail')
  async monthly(
    @QueryParams() params: MonthlyProgressParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<MonthlyProgressResponse> {
    await this.jurisdiction.assertReadable(principal, params.localityId);
    const snapshot: Snapshot<MonthlyProgress> = await this.queries.execute(
      new GetMonthlyProgressQuery({ localityId: params.localityId, planYear: params.planYear, programCode: params.programCode, capitalType: params.capitalType, budgetSource: params.budgetSource }, freshness.minPosition(params)),
    );
    const position = freshness.reflect(snapshot.position);
    const { locality, months } = snapshot.value;
    if (!locality) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${params.localityId} is not in the read model`, { localityId: params.localityId, position });
    return { position, locality: toLocalityView(locality), planYear: params.planYear, months: months.map(toMonthView) };
  }
}
