import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditTrail, type AuditPage, type Snapshot, ReadSide } from '@ledger/read-models';
import { GetAuditTrailQuery } from './get-audit-trail.query';

@QueryHandler(GetAuditTrailQuery)
export class GetAuditTrailHandler implements IQueryHandler<GetAuditTrailQuery, Snapshot<AuditPage>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetAuditTrailQuery): Promise<Snapshot<AuditPage>> {
    await this.readModels.awaitPosition(query.minPosition, query.filter.subtree ? ['audit-trail', 'registry'] : ['audit-trail']);
    return auditTrail(this.readModels.reader, query.filter, query.afterPosition, query.limit);
  }
}
