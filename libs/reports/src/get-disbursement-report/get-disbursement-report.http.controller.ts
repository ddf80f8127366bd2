import { CurrentPrincipal, JurisdictionChecker, readerRoles, Roles, type Principal } from '@ledger/identity';
import { Controller, Get, Headers, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { nationLocalityId } from '@ledger/domain';
import { type RequestHeaders, minPositionApiHeader, minPositionFrom, reflectPosition, type HeaderReply, isRealDate, InputValidationError } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toCsv } from './csv-writer';
import { DisbursementReportParams, DisbursementReportResponse, reportCsvColumns, toReportRowView } from './get-disbursement-report.dto';
import { GetDisbursementReportQuery } from './get-disbursement-report.query';

function wantsCsv(params: DisbursementReportParams, headers: RequestHeaders): boolean {
  if (params.format !== undefined) return params.format === 'csv';
  const accept = headers.accept;
  return (Array.isArray(accept) ? accept.join(',') : (accept ?? '')).includes('text/csv');
}

@ApiTags('queries')
@Controller('v1/reports')
export class GetDisbursementReportHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly jurisdiction: JurisdictionChecker,
  ) {}

  @Get('disbursement-progress')
  @Roles(...readerRoles)
  @ApiOperation({
    summary:
      'The disbursement progress report of the steering committees: per locality of a level, program and capital type — plan, allocated in detail, not yet allocated, disbursed and the rate; as JSON or CSV',
  })
  @ApiHeader(minPositionApiHeader)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: DisbursementReportResponse })
  async report(
    @QueryParams() params: DisbursementReportParams,
    @Headers() headers: RequestHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<DisbursementReportResponse | string> {
    if (params.on !== undefined && !isRealDate(params.on)) throw new InputValidationError([{ field: 'on', messages: ['on is not a calendar date'] }]);
    const level = params.level ?? 'province';
    const underLocalityId = params.underLocalityId ?? nationLocalityId;
    await this.jurisdiction.assertReadable(principal, underLocalityId);
    const snapshot = await this.queries.execute(
      new GetDisbursementReportQuery(
        { planYear: params.planYear, level, underLocalityId, programCode: params.programCode, capitalType: params.capitalType, budgetSource: params.budgetSource, on: params.on },
        minPositionFrom(params, headers),
      ),
    );
    const position = reflectPosition(reply, snapshot.position);
    const { top, rows } = snapshot.value;
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
      underLocality: { localityId: top.localityId, code: top.code, name: top.name, level: top.level },
      on: params.on ?? null,
      budgetSource: params.budgetSource ?? null,
      rows: views,
    };
  }
}
