import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type Snapshot, ReadSide } from '@ledger/read-models';
import { AsOfQueries, type LedgerAsOfAnswer } from '@ledger/audit';
import { GetLocalityRollupAsOfQuery, GetLocalityRollupQuery, type LocalityRollup } from './get-locality-rollup.query';
import { localityRollupAnswer } from './locality-rollup-answer';

@QueryHandler(GetLocalityRollupQuery)
export class GetLocalityRollupHandler implements IQueryHandler<GetLocalityRollupQuery, Snapshot<LocalityRollup>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetLocalityRollupQuery): Promise<Snapshot<LocalityRollup>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return localityRollupAnswer(this.readModels.reader, query.localityId, query.filter, query.options);
  }
}

@QueryHandler(GetLocalityRollupAsOfQuery)
export class GetLocalityRollupAsOfHandler implements IQueryHandler<GetLocalityRollupAsOfQuery, LedgerAsOfAnswer<LocalityRollup>> {
  constructor(@Inject(AsOfQueries) private readonly asOf: AsOfQueries) {}

  execute(query: GetLocalityRollupAsOfQuery): Promise<LedgerAsOfAnswer<LocalityRollup>> {
    return this.asOf.fromEvents(query.view, async (db) => (await localityRollupAnswer(db, query.localityId, query.filter, query.options)).value);
  }
}
