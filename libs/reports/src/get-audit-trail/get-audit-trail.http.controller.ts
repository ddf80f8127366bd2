import { CurrentPrincipal, type Principal } from '@ledger/identity';
import { Controller, Query as QueryParams } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { afterPositionFrom, InputValidationError, isRealDate, type FieldError, flag, pageLimit, ReadModelRoute, ReadModelController, Freshness, type ReadFreshness } from '@ledger/http';
import { auditEventTypes, auditEventTypesMax, auditPageSizeDefault, AuditTrailParams, AuditTrailResponse, toAuditEntryView } from './get-audit-trail.dto';
import { GetAuditTrailQuery } from './get-audit-trail.query';

function instant(text: string | undefined, field: string, errors: FieldError[]): string | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(/T/.test(text) ? text : `${text}T00:00:00Z`);
  if (Number.isNaN(time)) {
    errors.push({ field, messages: [`${field} is not a real date or instant`] });
    return undefined;
  }
  return new Date(time).toISOString();
}

@ApiTags('queries')
@Controller('v1/audit-trail')
export class GetAuditTrailHttpController extends ReadModelController {
  @ReadModelRoute('', AuditTrailResponse, 'The audit trail: every event in order with actor, decision reference, amount, counterparty, effective date and recorded time — of a program, a locality (optionally with its subtree) or one account; filtered by dates and event types, paged by position', { roles: ['auditor'] })
  async trail(
    @QueryParams() params: AuditTrailParams,
    @CurrentPrincipal() principal: Principal,
    @Freshness() freshness: ReadFreshness,
  ): Promise<AuditTrailResponse> {
    const errors: FieldError[] = [];
    const eventTypes = params.eventTypes?.split(',');
    if (eventTypes && eventTypes.length > auditEventTypesMax) errors.push({ field: 'eventTypes', messages: [`name at most ${auditEventTypesMax} event types`] });
    const unknown = eventTypes?.filter((type) => !auditEventTypes.includes(type)) ?? [];
    if (unknown.length > 0) errors.push({ field: 'eventTypes', messages: [`unknown event types: ${unknown.join(', ')}; known: ${auditEventTypes.join(', ')}`] });
    for (const field of ['effectiveFrom', 'effectiveTo'] as const) {
      const value = params[field];
      if (value !== undefined && !isRealDate(value)) errors.push({ field, messages: [`${field} is not a calendar date`] });
    }
    const recordedFrom = instant(params.recordedFrom, 'recordedFrom', errors);
    const recordedTo = instant(params.recordedTo, 'recordedTo', errors);
    if (errors.length > 0) throw new InputValidationError(errors);
    await this.jurisdiction.assertFilterReadable(principal, params);
    const snapshot = await this.queries.execute(
      new GetAuditTrailQuery(
        {
          programCode: params.programCode,
          localityId: params.localityId,
          subtree: flag(params.subtree),
          accountId: params.accountId,
          eventTypes,
          effectiveFrom: params.effectiveFrom,
          effectiveTo: params.effectiveTo,
          recordedFrom,
          recordedTo,
        },
        afterPositionFrom(params),
        pageLimit(params.limit, auditPageSizeDefault),
        freshness.minPosition(params),
      ),
    );
    return freshness.positionPage(snapshot, 'entries', toAuditEntryView);
  }
}
