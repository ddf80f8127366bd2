import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import type { ReadDatabase, Snapshot } from '@ledger/read-models';
import { AsOfQueries, type LedgerAsOfAnswer } from '@ledger/audit';
import { ReportQueryHandler } from '../report-query-handler';
import { GetLocalityRollupAsOfQuery, GetLocalityRollupQuery, type LocalityRollup } from './get-locality-rollup.query';
import { localityRollupAnswer } from './locality-rollup-answer';

@QueryHandler(GetLocalityRollupQuery)
export class GetLocalityRollupHandler extends ReportQueryHandler<GetLocalityRollupQuery, LocalityRollup> {
  protected read(reader: Kysely<ReadDatabase>, query: GetLocalityRollupQuery): Promise<Snapshot<LocalityRollup>> {
    return localityRollupAnswer(reader, query.localityId, query.filter, query.options);
  }
}

@QueryHandler(GetLocalityRollupAsOfQuery)
export class GetLocalityRollupAsOfHandler implements IQueryHandler<GetLocalityRollupAsOfQuery, LedgerAsOfAnswer<LocalityRollup>> {
  constructor(@Inject(AsOfQueries) private readonly asOf: AsOfQueries) {}

  execute(query: GetLocalityRollupAsOfQuery): Promise<LedgerAsOfAnswer<LocalityRollup>> {
    return this.asOf.fromEvents(query.view, async (db) => (await localityRollupAnswer(db, query.localityId, query.filter, query.options)).value);
  }
}
