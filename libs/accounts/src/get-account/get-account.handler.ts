import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { accountStreamId } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { AccountRepository, type LoadedAccount } from '../account-repository';
import { AsOfQueries, type AccountAsOf } from '@ledger/audit';
import { GetAccountAsOfQuery, GetAccountEventsQuery, GetAccountQuery } from './get-account.query';

@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery, LoadedAccount> {
  constructor(private readonly accounts: AccountRepository) {}

  execute(query: GetAccountQuery): Promise<LoadedAccount> {
    return this.accounts.loadCurrent(query.account);
  }
}

@QueryHandler(GetAccountEventsQuery)
export class GetAccountEventsHandler implements IQueryHandler<GetAccountEventsQuery, RecordedEvent[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(query: GetAccountEventsQuery): Promise<RecordedEvent[]> {
    return this.store.readStream(accountStreamId(query.account), { direction: query.direction, fromRevision: query.fromRevision, maxCount: query.limit });
  }
}

@QueryHandler(GetAccountAsOfQuery)
export class GetAccountAsOfHandler implements IQueryHandler<GetAccountAsOfQuery, AccountAsOf> {
  constructor(@Inject(AsOfQueries) private readonly asOf: AsOfQueries) {}

  execute(query: GetAccountAsOfQuery): Promise<AccountAsOf> {
    return this.asOf.account(query.account, query.view);
  }
}
