import { AccessDeniedError, CurrentPrincipal, JurisdictionChecker, readerRoles, Roles, type Principal } from '@ledger/identity';
import { Controller, Headers, Inject, Query as QueryParams, Res, Sse } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { ReadSide } from '@ledger/read-models';
import { InputValidationError, isPositionText, type RequestHeaders } from '@ledger/http';
import { toAuditEntryView } from '../get-audit-trail/get-audit-trail.dto';
import { FeedConnections } from './feed-connections';
import { feedStream, type FeedMessage, type FeedSink } from './feed-stream';
import { balanceChangeOf, balanceEventTypes, FeedParams } from './follow-feed.dto';

/** Characters of events that may wait for a client that stopped reading before it is dropped (it then resumes with Last-Event-ID). */
export const feedPendingCharactersMax = 1_000_000;

interface RawReply {
  readonly raw: FeedSink;
}

@ApiTags('queries')
@Controller('v1')
export class FollowFeedHttpController {
  constructor(
    @Inject(ReadSide) private readonly readModels: ReadSide,
    private readonly jurisdiction: JurisdictionChecker,
    private readonly connections: FeedConnections,
  ) {}

  @Sse('feed', { maxPendingDataLength: feedPendingCharactersMax })
  @Roles(...readerRoles)
  @ApiOperation({
    summary:
      'A live feed (server-sent events) of what changes: balance and roll-up changes, or audit-trail entries, of a program and a locality’s subtree, from a position; each event’s id is its position, so a client resuming with Last-Event-ID misses nothing and receives nothing twice. A few connections per user (429 beyond).',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position (sent by a reconnecting client)' })
  @ApiProduces('text/event-stream')
  async feed(@QueryParams() params: FeedParams, @Headers() headers: RequestHeaders, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: RawReply): Promise<Observable<FeedMessage>> {
    const kind = params.kind ?? 'balances';
    // The audit trail names who did what: only auditors read it, here as at /v1/audit-trail.
    if (kind === 'audit' && !principal.roles.includes('auditor')) throw new AccessDeniedError('ROLE_NOT_ALLOWED', 'the audit feed is for auditors', { required: ['auditor'] });
    const localityId = params.localityId ?? principal.jurisdiction;
    await this.jurisdiction.assertReadable(principal, localityId);
    const afterPosition = await this.startAfter(params, headers);
    const release = this.connections.acquire(principal.userId);
    return feedStream({
      reader: this.readModels.reader,
      filter: { programCode: params.programCode, localityId, subtree: true, eventTypes: kind === 'balances' ? balanceEventTypes : undefined },
      afterPosition,
      throughPosition: params.throughPosition === undefined ? undefined : BigInt(params.throughPosition),
      messageOf: (entry) => ({ id: entry.position.toString(), type: kind === 'balances' ? 'balance' : 'audit', data: kind === 'balances' ? balanceChangeOf(entry) : { ...toAuditEntryView(entry) } }),
      sink: reply.raw,
      onEnd: release,
    });
  }

  /** Last-Event-ID (a client resuming), else afterPosition, else the audit trail's position now: only what comes next. */
  private async startAfter(params: FeedParams, headers: RequestHeaders): Promise<bigint> {
    const raw = headers['last-event-id'];
    const lastEventId = Array.isArray(raw) ? raw[0] : raw;
    if (lastEventId !== undefined) {
      if (!isPositionText(lastEventId.trim())) throw new InputValidationError([{ field: 'Last-Event-ID', messages: ['Last-Event-ID must be an event position (a whole number within 64 bits)'] }]);
      return BigInt(lastEventId.trim());
    }
    if (params.afterPosition !== undefined) return BigInt(params.afterPosition);
    const status = await this.readModels.status();
    return status.projections.find((projection) => projection.name === 'audit-trail')?.position ?? -1n;
  }
}
