import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { monthlyProgress, ReadSide, type MonthlyProgress, type Snapshot } from '@ledger/read-models';
import { GetMonthlyProgressQuery } from './get-monthly-progress.query';

@QueryHandler(GetMonthlyProgressQuery)
export class GetMonthlyProgressHandler implements IQueryHandler<GetMonthlyProgressQuery, Snapshot<MonthlyProgress>> {
  constructor(@Inject(ReadSide) private readonly readModels: ReadSide) {}

  async execute(query: GetMonthlyProgressQuery): Promise<Snapshot<MonthlyProgress>> {
    await this.readModels.awaitPosition(query.minPosition, ['registry', 'balances']);
    return monthlyProgress(this.readModels.reader, query.request);
  }
}
