import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Headers, Query as QueryParams, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { nationLocalityId, type LocalityLevel } from '@ledger/domain';
import type { ProgressReport, Snapshot } from '@ledger/read-models';
import { type RequestHeaders, minPositionFrom, reflectPosition, type HeaderReply, flag, checkDateField, ReadModelRoute, ReadModelController } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toCsv } from '../get-disbursement-report/csv-writer';
import { parsePeriod, previousPeriod, yearEarlierPeriod } from '../progress/report-period';
import { progressLevels, ProgressReportParams, ProgressReportResponse, type ProgressLevel } from './get-progress-report.dto';
import { GetProgressReportQuery } from './get-progress-report.query';
import { progressCsvCells, progressCsvHeader, toProgressReportResponse } from './progress-report.view';
import { progressWorkbook, type LevelReport } from './progress-workbook';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const levelOrder: readonly LocalityLevel[] = ['nation', 'province', 'district', 'commune'];

/** The levels below a locality's, through the one asked for: the workbook's sheets. */
function levelsBelow(top: LocalityLevel, through: ProgressLevel | undefined): ProgressLevel[] {
  const below = progressLevels.filter((level) => levelOrder.indexOf(level) > levelOrder.indexOf(top));
  const last = through === undefined ? below.length : below.indexOf(through) + 1;
  return below.slice(0, last > 0 ? last : below.length);
}

function wanted(params: ProgressReportParams, headers: RequestHeaders): 'json' | 'csv' | 'xlsx' {
  if (params.format !== undefined) return params.format;
  const accept = Array.isArray(headers.accept) ? headers.accept.join(',') : (headers.accept ?? '');
  return accept.includes(xlsxType) ? 'xlsx' : accept.includes('text/csv') ? 'csv' : 'json';
}

@ApiTags('queries')
@Controller('v1/reports')
export class GetProgressReportHttpController extends ReadModelController {
  @ReadModelRoute('progress', ProgressReportResponse, 'The disbursement progress report by period: per locality of a level, program, capital type (and budget source) — plan, allocated in detail, disbursed, the rates against the assigned and the allocated plan; current-year and carried-over capital; the previous period and a year earlier; as JSON, CSV or an Excel workbook')
  @ApiProduces('application/json', 'text/csv', xlsxType)
  async report(
    @QueryParams() params: ProgressReportParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<ProgressReportResponse | string | Buffer> {
    if (params.on !== undefined) checkDateField(params.on, 'on');
    const underLocalityId = params.underLocalityId ?? nationLocalityId;
    await this.jurisdiction.assertReadable(principal, underLocalityId);
    const format = wanted(params, headers);
    const period = params.period === undefined ? undefined : parsePeriod(params.period);
    const previous = period && (flag(params.previousPeriod) ?? true) ? previousPeriod(period) : undefined;
    const withYearEarlier = flag(params.yearEarlier) ?? false;
    const yearEarlier = period && withYearEarlier ? yearEarlierPeriod(period) : undefined;
    const bySource = flag(params.bySource) ?? false;
    const minPosition = minPositionFrom(params, headers);
    const read = async (level: ProgressLevel): Promise<Snapshot<ProgressReport>> =>
      this.queries.execute(
        new GetProgressReportQuery(
          {
            planYear: params.planYear,
            level,
            underLocalityId,
            programCode: params.programCode,
            capitalType: params.capitalType,
            budgetSource: params.budgetSource,
            // Always per source: the totals split central and local budget; rows are summed after if not asked per source.
            bySource: true,
            withCarriedOver: flag(params.carriedOver) ?? true,
            throughMonth: period?.throughMonth,
            previousMonth: previous?.throughMonth,
            yearEarlier: withYearEarlier,
            on: params.on,
          },
          minPosition,
        ),
      );
    const respond = (snapshot: Snapshot<ProgressReport>, level: ProgressLevel): ProgressReportResponse => {
      const position = reflectPosition(reply, snapshot.position);
      const { top } = snapshot.value;
      if (!top) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${underLocalityId} is not in the read model`, { localityId: underLocalityId, position });
      return toProgressReportResponse({ ...snapshot.value, top }, { position, planYear: params.planYear, level, period, previous, yearEarlier, on: params.on, bySource });
    };

    if (format === 'xlsx') {
      const first = await read(params.level ?? 'province');
      if (!first.value.top) respond(first, params.level ?? 'province');
      const top = first.value.top?.level ?? 'nation';
      const levels: LevelReport[] = [];
      for (const level of levelsBelow(top, params.level)) {
        const report = respond(await read(level), level);
        if (report.rows.length > 0 || levels.length === 0) levels.push({ level, report });
      }
      if (levels.length === 0) levels.push({ level: params.level ?? 'province', report: respond(first, params.level ?? 'province') });
      reply.header('Content-Type', xlsxType);
      reply.header('Content-Disposition', `attachment; filename="disbursement-progress-${params.planYear}${period ? `-${period.label}` : ''}-${underLocalityId}-at-${levels[0].report.position}.xlsx"`);
      return progressWorkbook(levels);
    }
    const level = params.level ?? 'province';
    const response = respond(await read(level), level);
    if (format === 'csv') {
      reply.header('Content-Type', 'text/csv; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="disbursement-progress-${params.planYear}${period ? `-${period.label}` : ''}-${level}-${underLocalityId}-at-${response.position}.csv"`);
      return toCsv(progressCsvHeader, response.rows.map(progressCsvCells));
    }
    return response;
  }
}
