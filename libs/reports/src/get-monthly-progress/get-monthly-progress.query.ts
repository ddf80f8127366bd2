import { Query } from '@nestjs/cqrs';
import type { MonthlyProgress, MonthlyProgressRequest, Snapshot } from '@ledger/read-models';

/** A locality's plan year month by month: the cumulative curve against the plan. */
export class GetMonthlyProgressQuery extends Query<Snapshot<MonthlyProgress>> {
  constructor(
    readonly request: MonthlyProgressRequest,
    readonly minPosition: bigint | undefined,
  ) {
    super();
  }
}
