import { QueryHandler } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { idleMoney, type ReadDatabase, type Snapshot } from '@ledger/read-models';
import { ReportQueryHandler } from '../report-query-handler';
import { GetIdleMoneyQuery, type IdleMoney } from './get-idle-money.query';

@QueryHandler(GetIdleMoneyQuery)
export class GetIdleMoneyHandler extends ReportQueryHandler<GetIdleMoneyQuery, IdleMoney> {
  protected read(reader: Kysely<ReadDatabase>, query: GetIdleMoneyQuery): Promise<Snapshot<IdleMoney>> {
    return idleMoney(reader, query.request);
  }
}
