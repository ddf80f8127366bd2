import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { localityOnDate, programLineageCodes, rollupAcrossChange, type RollupAcrossChange, type Snapshot, ReadSide } from '@ledger/read-models';
import { GetLocalityRollupQuery } from './get-locality-rollup.query';

type Answer = Snapshot<RollupAcrossChange & { readonly programCodes: readonly string[] | null }>;

@QueryHandler(GetLocalityRollupQuery)
export class GetLocalityRollupHandler implements IQueryHandler<GetLocalityRollupQuery, Answer> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetLocalityRollupQuery): Promise<Answer> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    const db = this.readModels.reader;
    // A code read on a date names the unit in force then (11 on 2025-07-01 is 11@2025).
    const localityId = query.options.on === undefined ? query.localityId : ((await localityOnDate(db, query.localityId, query.options.on))?.localityId ?? query.localityId);
    const programCodes = query.options.followProgramSuccession && query.filter.programCode !== undefined ? await programLineageCodes(db, query.filter.programCode) : null;
    const filter = programCodes ? { ...query.filter, programCode: undefined, programCodes } : query.filter;
    const snapshot = await rollupAcrossChange(db, localityId, filter, query.options.includePredecessors);
    return { position: snapshot.position, value: { ...snapshot.value, programCodes } };
  }
}
