import { CurrentPrincipal, historyRoles, readerRoles, Roles, type Principal } from '@ledger/identity';
import { Controller, Get, Param, Query as QueryParams, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { accountId, accountStreamId, type AccountKey } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { asOfSummary, asOfViewFrom, parseAccountIdField, OptionalField, DecimalInteger, AsOfParams, ReadModelController } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { figuresOf, type AccountFigures } from '@ledger/audit';
import { GetAccountAsOfQuery, GetAccountEventsQuery, GetAccountQuery } from './get-account.query';

/** Events per page of an account's history. */
export const accountEventsPageSizeMax = 1_000;

export class AccountEventsParams {
  @OptionalField()
  @IsIn(['forwards', 'backwards'])
  direction?: 'forwards' | 'backwards';

  @OptionalField()
  @Matches(/^[0-9]{1,18}$/, { message: 'fromRevision must be a whole number' })
  fromRevision?: string;

  @OptionalField()
  @DecimalInteger()
  @IsInt()
  @Min(1)
  @Max(accountEventsPageSizeMax)
  limit?: number;
}

/** The account's answer: its id, the revision it reflects, and its figures (today's, or those of a view of the past). */
function accountView(key: AccountKey, revision: bigint, figures: AccountFigures) {
  return {
    accountId: accountId(key),
    streamId: accountStreamId(key),
    programCode: key.programCode,
    planYear: key.planYear,
    localityId: key.localityId,
    capitalType: key.capitalType,
    budgetSource: key.budgetSource,
    componentCode: key.componentCode,
    revision: revision.toString(),
    receivedVnd: figures.receivedVnd.toString(),
    allocatedOutVnd: figures.allocatedOutVnd.toString(),
    reallocatedOutVnd: figures.reallocatedOutVnd.toString(),
    returnedVnd: figures.returnedVnd.toString(),
    disbursedVnd: figures.disbursedVnd.toString(),
    reversedVnd: figures.reversedVnd.toString(),
    availableVnd: figures.availableVnd.toString(),
    handedOverVnd: figures.handedOverVnd.toString(),
    // Four-eyes: what pending movement requests hold (not available), and how many wait for approval.
    heldVnd: figures.heldVnd.toString(),
    pendingApprovalRequestCount: figures.pendingApprovalRequestCount,
    disbursementDeadline: figures.deadline,
    closed: figures.closed,
    closedOn: figures.closedOn,
    successorAccountIds: figures.successorAccountIds,
    disbursementCount: figures.disbursementCount,
    reversedDisbursementCount: figures.reversedDisbursementCount,
  };
}

function eventView(event: RecordedEvent) {
  return {
    eventId: event.id,
    type: event.type,
    revision: event.revision.toString(),
    position: event.position.toString(),
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

interface HeaderReply {
  header(name: string, value: string): unknown;
}

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
export class GetAccountHttpController extends ReadModelController {
  @Get(':accountId')
  @Roles(...readerRoles)
  @ApiOperation({
    summary:
      'An account’s current state, folded from its event stream; the ETag is its revision. With asOfDate, knownAt or asOfPosition, its state then, folded from the events of that view, with the position it reflects and where the other clock differs',
  })
  async get(@Param('accountId') accountIdText: string, @QueryParams() params: AsOfParams, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: HeaderReply) {
    const key = parseAccountIdField(accountIdText, 'accountId');
    const view = asOfViewFrom(params);
    await this.jurisdiction.assertReadable(principal, key.localityId);
    if (view) {
      const asOf = await this.queries.execute(new GetAccountAsOfQuery(key, view));
      if (asOf.eventsInStream === 0) throw accountNotFound(key);
      return { ...accountView(key, asOf.revision, asOf.figures), asOf: asOfSummary(view, asOf.position, asOf.eventsInView, asOf.differences) };
    }
    const loaded = await this.queries.execute(new GetAccountQuery(key));
    if (loaded.revision < 0n) throw accountNotFound(key);
    reply.header('ETag', `"${loaded.revision.toString()}"`);
    return accountView(key, loaded.revision, figuresOf(loaded.state));
  }

  @Get(':accountId/events')
  @Roles(...historyRoles)
  @ApiOperation({ summary: 'A page of an account’s full event history, straight from its stream' })
  async events(@Param('accountId') accountIdText: string, @QueryParams() params: AccountEventsParams, @CurrentPrincipal() principal: Principal) {
    const key = parseAccountIdField(accountIdText, 'accountId');
    await this.jurisdiction.assertReadable(principal, key.localityId);
    const direction = params.direction ?? 'forwards';
    const limit = params.limit ?? 100;
    const fromRevision = params.fromRevision === undefined ? undefined : BigInt(params.fromRevision);
    const events = await this.queries.execute(new GetAccountEventsQuery(key, direction, fromRevision, limit));
    if (events.length === 0 && fromRevision === undefined) throw accountNotFound(key);
    const last = events.at(-1);
    const next =
      events.length < limit || !last ? null : direction === 'forwards' ? (last.revision + 1n).toString() : last.revision > 0n ? (last.revision - 1n).toString() : null;
    return { accountId: accountId(key), direction, events: events.map(eventView), nextFromRevision: next };
  }
}

function accountNotFound(key: AccountKey): NotFoundError {
  return new NotFoundError('ACCOUNT_NOT_FOUND', `account ${accountId(key)} has no events`, { accountId: accountId(key) });
}
