import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { idleMoney, ReadSide, type Snapshot } from '@ledger/read-models';
import { GetIdleMoneyQuery, type IdleMoney } from './get-idle-money.query';

@QueryHandler(GetIdleMoneyQuery)
export class GetIdleMoneyHandler implements IQueryHandler<GetIdleMoneyQuery, Snapshot<IdleMoney>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetIdleMoneyQuery): Promise<Snapshot<IdleMoney>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return idleMoney(this.readModels.reader, query.request);
  }
}
