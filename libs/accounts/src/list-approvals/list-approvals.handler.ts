import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@ledger/commands';
import { findApprovalRequest, listApprovalRequests, ReadSide, type ApprovalPage, type ApprovalRequestView, type Snapshot } from '@ledger/read-models';
import { GetApprovalQuery, ListApprovalsQuery } from './list-approvals.query';

/** Requests are read as they stand at this instant: one past its expiry reads as expired. */
@QueryHandler(ListApprovalsQuery)
export class ListApprovalsHandler implements IQueryHandler<ListApprovalsQuery, Snapshot<ApprovalPage>> {
  constructor(
    @Inject(ReadSide) private readonly readModels: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: ListApprovalsQuery): Promise<Snapshot<ApprovalPage>> {
    await this.readModels.awaitPosition(query.minPosition, query.filter.localityId !== undefined ? ['approvals', 'registry'] : ['approvals']);
    return listApprovalRequests(this.readModels.reader, query.filter, this.clock.now().toISOString(), query.afterPosition, query.limit);
  }
}

@QueryHandler(GetApprovalQuery)
export class GetApprovalHandler implements IQueryHandler<GetApprovalQuery, Snapshot<ApprovalRequestView | undefined>> {
  constructor(
    @Inject(ReadSide) private readonly readModels: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: GetApprovalQuery): Promise<Snapshot<ApprovalRequestView | undefined>> {
    await this.readModels.awaitPosition(query.minPosition, ['approvals']);
    return findApprovalRequest(this.readModels.reader, query.requestId, this.clock.now().toISOString());
  }
}
