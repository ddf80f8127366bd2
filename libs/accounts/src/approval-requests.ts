import { Inject, Injectable, Optional } from '@nestjs/common';
import { parseAccountId, type AccountKey } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CLOCK, NotFoundError, type Clock } from '@ledger/commands';
import { InputValidationError } from '@ledger/http';
import { findApprovalRequest, ReadSide, type ApprovalRequestView } from '@ledger/read-models';

/** A request id is the id of its event: a UUID as the ledger makes them, or any id of the client alphabet. */
export const requestIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function checkRequestId(requestId: string): void {
  if (!requestIdPattern.test(requestId)) throw new InputValidationError([{ field: 'requestId', messages: ['requestId is not a movement request id'] }]);
}

export interface LocatedRequest {
  readonly request: ApprovalRequestView;
  readonly account: AccountKey;
}

/**
 * Finds the account a movement request belongs to. A request id names an event, not its stream,
 * so the approvals read model says where it is; the decision is then taken against that account's
 * own stream, which is the record (the read model only routes). A request recorded a moment ago
 * may not be projected yet: before answering that it does not exist, the lookup waits (at most
 * the read-your-writes wait) for the approvals projection to reach the store's head. An app
 * composed without read models (a use case's own tests) has no way to find a request: it says so.
 */
@Injectable()
export class ApprovalRequestLocator {
  constructor(
    @Optional() @Inject(ReadSide) private readonly readModels: ReadSide | undefined,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async locate(requestId: string): Promise<LocatedRequest> {
    const found = (await this.find(requestId)) ?? (await this.findOnceProjected(requestId));
    if (!found) throw new NotFoundError('APPROVAL_REQUEST_NOT_FOUND', `no movement request ${requestId}`, { requestId });
    const account = parseAccountId(found.accountId);
    // The projection writes the account id from the request's own stream id.
    if (!account) throw new Error(`movement request ${requestId} is stored with account id ${found.accountId}, which does not parse`);
    return { request: found, account };
  }

  private async find(requestId: string): Promise<ApprovalRequestView | undefined> {
    return (await findApprovalRequest(this.readSide().reader, requestId, this.clock.now().toISOString())).value;
  }

  private async findOnceProjected(requestId: string): Promise<ApprovalRequestView | undefined> {
    await this.readSide().awaitPosition(await this.store.headPosition(), ['approvals']);
    return this.find(requestId);
  }

  private readSide(): ReadSide {
    if (!this.readModels) throw new Error('movement requests are found through the approvals read model, which this app does not compose');
    return this.readModels;
  }
}
