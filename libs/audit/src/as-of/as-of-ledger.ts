import type { AccountKey } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { Kysely } from 'kysely';
import type { ProjectionEventSource, ReadDatabase } from '@ledger/read-models';
import { AccountHistory, type AccountAsOf } from './account-as-of';
import type { AsOfView } from './as-of-view';
import { LedgerAsOf, type LedgerAsOfAnswer, type ScratchReadStoreFactory } from './ledger-as-of';

export class AsOfPositionBeyondHeadError extends Error {
  override readonly name = 'AsOfPositionBeyondHeadError';
  constructor(
    readonly asOfPosition: bigint,
    readonly headPosition: bigint,
  ) {
    super(`asOfPosition ${asOfPosition} is after the last event the ledger holds (${headPosition})`);
  }
}

export interface AsOfOptions {
  readonly store: EventStore;
  /** Every event in order (the projections' source); the port's `readAll` when not given. */
  readonly source: ProjectionEventSource;
  readonly scratch: ScratchReadStoreFactory;
  readonly snapshotEveryEvents?: number;
  /** The read store's queries connection, whose account history (a projection) lets account answers start from a snapshot. */
  readonly accountHistory?: Kysely<ReadDatabase>;
}

/** Injection token and facade: the three as-of questions the query endpoints ask. */
export class AsOfQueries {
  readonly accounts: AccountHistory;
  private readonly ledger: LedgerAsOf;

  constructor(private readonly options: AsOfOptions) {
    this.accounts = new AccountHistory(options.store, options.snapshotEveryEvents, options.accountHistory);
    this.ledger = new LedgerAsOf(options.source, options.scratch);
  }

  async account(key: AccountKey, view: AsOfView): Promise<AccountAsOf> {
    await this.refuseBeyondHead(view);
    return this.accounts.asOf(key, view);
  }

  /**
   * A read-model query's answer as of the view: the query runs on a read store into which the
   * events of the view were folded by the read models' own projections.
   */
  async fromEvents<T>(view: AsOfView, query: (db: Kysely<ReadDatabase>) => Promise<T>): Promise<LedgerAsOfAnswer<T>> {
    await this.refuseBeyondHead(view);
    return this.ledger.folded(view, query);
  }

  /** A position after the head names no moment of this ledger yet (and would change meaning as events arrive). */
  private async refuseBeyondHead(view: AsOfView): Promise<void> {
    if (view.kind !== 'position') return;
    const head = await this.options.store.headPosition();
    if (view.asOfPosition > head) throw new AsOfPositionBeyondHeadError(view.asOfPosition, head);
  }
}
