import type { SqliteEventStore, SqliteEventStoreStats } from '@ledger/event-store-sqlite';
import { round } from './driver';

export interface StoreWindowStats {
  readonly transactionsCommitted: number;
  readonly appendsAccepted: number;
  readonly eventsAppended: number;
  /** Events per durable commit: how much the group commit shares each fsync. */
  readonly eventsPerTransaction: number;
  readonly appendsPerTransaction: number;
}

/** Counters of the SQLite store between two snapshots. */
export function storeStatsBetween(before: SqliteEventStoreStats, after: SqliteEventStoreStats): StoreWindowStats {
  const transactionsCommitted = after.transactionsCommitted - before.transactionsCommitted;
  const appendsAccepted = after.appendsAccepted - before.appendsAccepted;
  const eventsAppended = after.eventsAppended - before.eventsAppended;
  const perTransaction = (count: number): number => (transactionsCommitted > 0 ? round(count / transactionsCommitted, 2) : 0);
  return { transactionsCommitted, appendsAccepted, eventsAppended, eventsPerTransaction: perTransaction(eventsAppended), appendsPerTransaction: perTransaction(appendsAccepted) };
}

/** Snapshots taken when the measured window opens and closes. */
export class StoreWindow {
  private before: SqliteEventStoreStats | undefined;
  private after: SqliteEventStoreStats | undefined;

  constructor(private readonly store: SqliteEventStore) {}

  open(): void {
    this.before = this.store.stats();
  }

  close(): void {
    this.after = this.store.stats();
  }

  result(): StoreWindowStats {
    const before = this.before ?? this.store.stats();
    return storeStatsBetween(before, this.after ?? this.store.stats());
  }
}
