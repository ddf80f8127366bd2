import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { localityRollup, type Rollup, type Snapshot } from '@ledger/read-models';
import { ReadModels } from '../read-side/read-models.service';
import { GetLocalityRollupQuery } from './get-locality-rollup.query';

@QueryHandler(GetLocalityRollupQuery)
export class GetLocalityRollupHandler implements IQueryHandler<GetLocalityRollupQuery, Snapshot<Rollup>> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  async execute(query: GetLocalityRollupQuery): Promise<Snapshot<Rollup>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return localityRollup(this.readModels.reader, query.localityId, query.filter);
  }
}
