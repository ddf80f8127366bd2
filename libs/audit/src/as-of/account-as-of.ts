import { accountStreamId, decodeEvent, evolveAccount, initialAccountState, type AccountEvent, type AccountKey, type AccountState } from '@ledger/domain';
import { readCountMax, type EventStore, type RecordedEvent } from '@ledger/event-store';
import type { ReadDatabase } from '@ledger/read-models';
import type { Kysely } from 'kysely';
import { PersistedAccountHistory, type PersistedAnswer } from './account-as-of-persisted';
import { figuresOf, nextFigures, setsAFact, withDifference, type AccountFigures } from './account-figures';
import { DifferenceCollector, effectiveDateOf, indexedViewTest, type AsOfView } from './as-of-view';

/** An account's state is kept every this many of its events unless the configuration says otherwise. */
export const snapshotEveryEventsDefault = 1_000;
/** Accounts whose index and snapshots are kept in memory; the least recently asked for are dropped beyond this. */
export const indexedStreamsMax = 256;

/** What the index keeps of each event: enough to tell which views hold it, without its content. */
interface IndexEntry {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly recordedAtMs: number;
  /** Only what the views read: kept as the event's metadata shape so a query allocates nothing per event. */
  readonly metadata: { readonly effectiveDate: string; readonly lateEntry: boolean };
  /** The account's figures after this event, in stream order. */
  readonly figures: AccountFigures;
}

interface AccountSnapshot {
  /** The state after the event at this revision. */
  readonly revision: number;
  readonly state: AccountState;
}

/**
 * Derived data about one account stream, never a source of truth: an index from each revision to
 * its position, store time and effective date, and the account's state every `snapshotEveryEvents`
 * events. It grows as the stream does (read from where it stopped) and is rebuilt from the stream
 * whenever it is dropped.
 */
interface StreamIndex {
  readonly entries: IndexEntry[];
  readonly snapshots: AccountSnapshot[];
  state: AccountState;
  figures: AccountFigures;
}

const initialFigures = figuresOf(initialAccountState);

export interface AccountAsOf extends PersistedAnswer {
  readonly key: AccountKey;
}

/**
 * An account as it stood in a view of the past, from the domain's own `evolveAccount` over the
 * events of its stream. The index folds each stream once, in stream order, and keeps the figures
 * after every event: a view that holds a prefix of the stream (`asOfPosition`, `knownAt`, and
 * `asOfDate` where nothing was entered late) is a look-up; one with late entries adds the
 * difference each made, or, when one of them set a fact, folds the view's events for real from
 * the latest snapshot (the account's state every `snapshotEveryEvents` events, derived data).
 */
export class AccountHistory {
  private readonly indexes = new Map<string, StreamIndex>();
  private readonly persisted: PersistedAccountHistory | undefined;

  /**
   * With `accountHistory` (the read store's queries connection), an answer starts from the
   * account history projection's snapshots and index and reads only the events after them; where
   * that history cannot answer, the stream is folded into the index in memory, as without it.
   */
  constructor(
    private readonly store: EventStore,
    private readonly snapshotEveryEvents: number = snapshotEveryEventsDefault,
    accountHistory?: Kysely<ReadDatabase>,
  ) {
    this.persisted = accountHistory ? new PersistedAccountHistory(store, accountHistory) : undefined;
  }

  async asOf(key: AccountKey, view: AsOfView): Promise<AccountAsOf> {
    const streamId = accountStreamId(key);
    const persisted = await this.persisted?.asOf(key, streamId, view);
    if (persisted) return { key, ...persisted };
    const index = await this.refreshed(streamId, key);
    const { entries } = index;
    const differences = new DifferenceCollector(view);
    const included: boolean[] = new Array(entries.length);
    let firstLeftOut = entries.length;
    let eventsInView = 0;
    let last = -1;
    const holdsEvent = indexedViewTest(view);
    const companion = differences.comparedView;
    const otherHolds = companion ? indexedViewTest(companion) : undefined;
    for (let revision = 0; revision < entries.length; revision += 1) {
      const entry = entries[revision];
      const holds = holdsEvent(entry);
      included[revision] = holds;
      if (otherHolds && otherHolds(entry) !== holds) differences.differs(entry, holds);
      if (holds) {
        eventsInView += 1;
        last = revision;
      } else if (firstLeftOut === entries.length) firstLeftOut = revision;
    }
    const figures = lastIncludedIsPrefix(firstLeftOut, last) ? (last < 0 ? initialFigures : entries[last].figures) : await this.withLateEntries(streamId, key, index, included, firstLeftOut, last);
    return {
      key,
      figures,
      revision: BigInt(last),
      position: last < 0 ? -1n : entries[last].position,
      eventsInView,
      eventsInStream: entries.length,
      differences: differences.summary(),
    };
  }

  /**
   * A view that holds a prefix of the stream and then some later events (late entries for an
   * effective date): the figures at the end of the prefix plus the difference each later event
   * made when it was folded in stream order. Amounts and counts move by what the event carries
   * whatever came before it; an event that sets a fact (a deadline, a closing, a successor) is
   * folded for real, from the latest snapshot before the prefix ends.
   */
  private async withLateEntries(streamId: string, key: AccountKey, index: StreamIndex, included: readonly boolean[], firstLeftOut: number, last: number): Promise<AccountFigures> {
    const { entries } = index;
    let figures = firstLeftOut === 0 ? initialFigures : entries[firstLeftOut - 1].figures;
    for (let revision = firstLeftOut + 1; revision <= last; revision += 1) {
      if (!included[revision]) continue;
      const before = entries[revision - 1].figures;
      // The difference holds only where the event met the same facts as in stream order, and set none.
      if (setsAFact(figures, before) || setsAFact(before, entries[revision].figures)) return figuresOf(await this.folded(streamId, key, index, included, firstLeftOut, last));
      figures = withDifference(figures, before, entries[revision].figures);
    }
    return figures;
  }

  /** The domain's fold of exactly the events the view holds, from the latest snapshot before the first it leaves out. */
  private async folded(streamId: string, key: AccountKey, index: StreamIndex, included: readonly boolean[], firstLeftOut: number, last: number): Promise<AccountState> {
    const snapshot = latestSnapshotBefore(index.snapshots, firstLeftOut);
    let state = snapshot?.state ?? initialAccountState;
    let revision = snapshot ? snapshot.revision + 1 : 0;
    while (revision <= last) {
      if (!included[revision]) {
        revision += 1;
        continue;
      }
      // A run of events the view holds, read in one go.
      let end = revision;
      while (end + 1 <= last && included[end + 1]) end += 1;
      for (const stored of await this.readRange(streamId, revision, end)) state = evolveAccount(state, decodeAccountEvent(stored), key);
      revision = end + 1;
    }
    return state;
  }

  /** The state after every event of the stream, from the index: the same fold, for checks. */
  async current(key: AccountKey): Promise<AccountState> {
    return (await this.refreshed(accountStreamId(key), key)).state;
  }

  private async refreshed(streamId: string, key: AccountKey): Promise<StreamIndex> {
    let index = this.indexes.get(streamId);
    if (index) this.indexes.delete(streamId);
    index ??= { entries: [], snapshots: [], state: initialAccountState, figures: initialFigures };
    this.indexes.set(streamId, index);
    if (this.indexes.size > indexedStreamsMax) this.indexes.delete(this.indexes.keys().next().value as string);
    for (;;) {
      const page = await this.store.readStream(streamId, { fromRevision: BigInt(index.entries.length), maxCount: readCountMax });
      for (const stored of page) {
        if (stored.revision !== BigInt(index.entries.length)) throw new Error(`stream ${streamId}: revision ${stored.revision} where ${index.entries.length} was expected`);
        const event = decodeAccountEvent(stored);
        const previous = index.state;
        index.state = evolveAccount(previous, event, key);
        index.figures = nextFigures(index.figures, event, previous, index.state);
        index.entries.push({ id: stored.id, streamId, type: stored.type, position: stored.position, recordedAt: stored.recordedAt, recordedAtMs: stored.recordedAt.getTime(), metadata: { effectiveDate: effectiveDateOf(stored), lateEntry: stored.metadata.lateEntry === true }, figures: index.figures });
        if (index.entries.length % this.snapshotEveryEvents === 0) index.snapshots.push({ revision: index.entries.length - 1, state: index.state });
      }
      if (page.length < readCountMax) return index;
    }
  }

  private async readRange(streamId: string, from: number, to: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let start = from; start <= to; start += readCountMax) {
      events.push(...(await this.store.readStream(streamId, { fromRevision: BigInt(start), maxCount: Math.min(readCountMax, to - start + 1) })));
    }
    return events;
  }
}

/** True when the events the view holds are the stream's first ones, with none left out before the last. */
function lastIncludedIsPrefix(firstLeftOut: number, last: number): boolean {
  return firstLeftOut > last;
}

function decodeAccountEvent(stored: RecordedEvent): AccountEvent {
  return decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as AccountEvent;
}

/** The latest snapshot taken strictly before `revision` (binary search: snapshots are in revision order). */
function latestSnapshotBefore(snapshots: readonly AccountSnapshot[], revision: number): AccountSnapshot | undefined {
  let low = 0;
  let high = snapshots.length - 1;
  let found: AccountSnapshot | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (snapshots[middle].revision < revision) {
      found = snapshots[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
