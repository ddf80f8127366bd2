import { Query } from '@nestjs/cqrs';
import type { AccountKey } from '@ledger/domain';
import type { LoadedAccount } from '../account-repository';
import type { RecordedEvent } from '@ledger/event-store';
import type { AccountAsOf, AsOfView } from '@ledger/audit';

/** An account's current state, folded straight from its event stream. */
export class GetAccountQuery extends Query<LoadedAccount> {
  constructor(readonly account: AccountKey) {
    super();
  }
}

/** A page of an account's own events, in stream order. */
export class GetAccountEventsQuery extends Query<RecordedEvent[]> {
  constructor(
    readonly account: AccountKey,
    readonly direction: 'forwards' | 'backwards',
    readonly fromRevision: bigint | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

/** An account as it stood in a view of the past, folded from the events of its stream in that view. */
export class GetAccountAsOfQuery extends Query<AccountAsOf> {
  constructor(
    readonly account: AccountKey,
    readonly view: AsOfView,
  ) {
    super();
  }
}
