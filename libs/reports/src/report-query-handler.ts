import { Inject } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { ReadSide, type ReadDatabase, type Snapshot } from '@ledger/read-models';

/** What a report query carries besides its request: the event position its answer must reflect, if any. */
export interface ReportQuery {
  readonly minPosition: bigint | undefined;
}

/**
 * A report read from the registry and balances read models: the handler waits until both reflect
 * the query's minimum position (read your writes), then reads. Each report's handler says only
 * what it reads.
 */
export abstract class ReportQueryHandler<TQuery extends ReportQuery, TAnswer> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  protected abstract read(reader: Kysely<ReadDatabase>, query: TQuery): Promise<Snapshot<TAnswer>>;

  async execute(query: TQuery): Promise<Snapshot<TAnswer>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return this.read(this.readModels.reader, query);
  }
}
