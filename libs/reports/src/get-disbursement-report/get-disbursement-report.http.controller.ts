import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Headers, Query as QueryParams, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { nationLocalityId } from '@ledger/domain';
import { asOfSummary, asOfViewFrom, type AsOfSummary, type RequestHeaders, minPositionFrom, reflectPosition, type HeaderReply, checkDateField, ReadModelRoute, ReadModelController } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toLocalityView } from '../figures.view';
import { toCsv } from './csv-writer';
import { DisbursementReportParams, DisbursementReportResponse, reportCsvColumns, toReportRowView } from './get-disbursement-report.dto';
import { GetDisbursementReportAsOfQuery, GetDisbursementReportQuery, type DisbursementReport } from './get-disbursement-report.query';

function wantsCsv(params: DisbursementReportParams, headers: RequestHeaders): boolean {
  if (params.format !== undefined) return params.format === 'csv';
  const accept = headers.accept;
  return (Array.isArray(accept) ? accept.join(',') : (accept ?? '')).includes('text/csv');
}

@ApiTags('queries')
@Controller('v1/reports')
export class GetDisbursementReportHttpController extends ReadModelController {
  @ReadModelRoute('disbursement-progress', DisbursementReportResponse, 'The disbursement progress report of the steering committees: per locality of a level, program and capital type — plan, allocated in detail, not yet allocated, disbursed and the rate; as JSON or CSV')
  @ApiProduces('application/json', 'text/csv')
  async report(
    @QueryParams() params: DisbursementReportParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<DisbursementReportResponse | string> {
    if (params.on !== undefined) checkDateField(params.on, 'on');
    const level = params.level ?? 'province';
    const underLocalityId = params.underLocalityId ?? nationLocalityId;
    const view = asOfViewFrom(params);
    await this.jurisdiction.assertReadable(principal, underLocalityId);
    const filter = { planYear: params.planYear, level, underLocalityId, programCode: params.programCode, capitalType: params.capitalType, budgetSource: params.budgetSource, on: params.on };
    // As of a view of the past, the same report from the events of that view; at a position, the
    // report that position's answer gave, byte for byte (the CSV's name carries the position).
    let answer: { readonly value: DisbursementReport; readonly position: bigint };
    let asOf: AsOfSummary | undefined;
    if (view) {
      const folded = await this.queries.execute(new GetDisbursementReportAsOfQuery(filter, view));
      answer = folded;
      asOf = asOfSummary(view, folded.position, folded.eventsInView, folded.differences);
    } else answer = await this.queries.execute(new GetDisbursementReportQuery(filter, minPositionFrom(params, headers)));
    const position = reflectPosition(reply, answer.position);
    const { top, rows } = answer.value;
    if (!top) throw new NotFoundError('LOCALITY_NOT_FOUND', `locality ${underLocalityId} is not in the read model`, { localityId: underLocalityId, position });
    const views = rows.map(toReportRowView);
    if (wantsCsv(params, headers)) {
      reply.header('Content-Type', 'text/csv; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="disbursement-progress-${params.planYear}-${level}-${underLocalityId}-at-${position}.csv"`);
      return toCsv(
        reportCsvColumns.map(([, heading]) => heading),
        views.map((view) => reportCsvColumns.map(([field]) => view[field])),
      );
    }
    return {
      position,
      planYear: params.planYear,
      level,
      underLocality: toLocalityView(top),
      on: params.on ?? null,
      budgetSource: params.budgetSource ?? null,
      rows: views,
      ...(asOf ? { asOf } : {}),
    };
  }
}
