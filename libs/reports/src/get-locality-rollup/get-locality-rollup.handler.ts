import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { localityRollup, type Rollup, type Snapshot, ReadSide } from '@ledger/read-models';
import { AsOfQueries, type LedgerAsOfAnswer } from '@ledger/audit';
import { GetLocalityRollupAsOfQuery, GetLocalityRollupQuery } from './get-locality-rollup.query';

@QueryHandler(GetLocalityRollupQuery)
export class GetLocalityRollupHandler implements IQueryHandler<GetLocalityRollupQuery, Snapshot<Rollup>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetLocalityRollupQuery): Promise<Snapshot<Rollup>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return localityRollup(this.readModels.reader, query.localityId, query.filter);
  }
}

@QueryHandler(GetLocalityRollupAsOfQuery)
export class GetLocalityRollupAsOfHandler implements IQueryHandler<GetLocalityRollupAsOfQuery, LedgerAsOfAnswer<Rollup>> {
  constructor(@Inject(AsOfQueries) private readonly asOf: AsOfQueries) {}

  execute(query: GetLocalityRollupAsOfQuery): Promise<LedgerAsOfAnswer<Rollup>> {
    return this.asOf.rollup(query.view, query.localityId, query.filter);
  }
}
