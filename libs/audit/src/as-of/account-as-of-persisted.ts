import type { Kysely } from 'kysely';
import { decodeEvent, type AccountEvent, type AccountKey } from '@ledger/domain';
import { readCountMax, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  AccountHistoryFold,
  accountHistoryExceptions,
  accountHistoryMarks,
  accountHistorySnapshot,
  accountHistoryStream,
  accountStateKeyTexts,
  initialStoredAccountState,
  type AccountHistoryMark,
  type AccountHistoryStream,
  type ReadDatabase,
} from '@ledger/read-models';
import { figuresOfPartial, type AccountFigures } from './account-figures';
import { DifferenceCollector, effectiveDateOf, endOfVietnamDay, listedDifferencesMax, vietnamDayOf, type AsOfView, type ViewDifferences } from './as-of-view';

/** Events after the account history's end read from the store before the answer gives up on it and folds the stream. */
export const accountHistoryTailEventsMax = 10_000;

/** The first page read from a snapshot; later ones double. */
const firstPageEvents = 128;

/** What the answer needs; `AccountHistory` adds the key. */
export interface PersistedAnswer {
  readonly figures: AccountFigures;
  /** The revision of the account's last event in the view; -1n when the view holds none of its events. */
  readonly revision: bigint;
  /** The position of that event; -1n when none. */
  readonly position: bigint;
  readonly eventsInView: number;
  /** Events of the stream in all: the view may leave later ones out. */
  readonly eventsInStream: number;
  readonly differences: ViewDifferences | null;
}

/** An event the date views treat apart: dated before an earlier event of its stream. */
interface Exception {
  readonly revision: number;
  readonly position: bigint;
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly recordedAt: Date;
  readonly metadata: { readonly effectiveDate: string; readonly lateEntry: boolean };
  event(): AccountEvent;
}

function decodeAccountEvent(stored: RecordedEvent): AccountEvent {
  return decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion) as AccountEvent;
}

/** The last item whose test holds, in a list where it holds for a prefix (binary search). */
function lastHolding<T>(items: readonly T[], holds: (item: T) => boolean): T | undefined {
  let low = 0;
  let high = items.length - 1;
  let found: T | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (holds(items[middle])) {
      found = items[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Where a prefix of the stream ends, and the events read to find it (from the snapshot before it). */
interface Prefix {
  readonly from: AccountHistoryMark | undefined;
  /** The last revision in the prefix; -1 when it holds no event. */
  readonly last: number;
  /** The events read after `from`, up to and including `last`. */
  readonly events: readonly RecordedEvent[];
}

/**
 * An account as of a view from the account history (derived data in the read store) and the few
 * events it does not cover. A view by position or store time is a prefix of the stream; a view by
 * effective date is a prefix (up to the first event dated after it: no later event but a back-dated
 * one can be dated before it) plus the back-dated events after it that it holds, which the history
 * lists. A prefix is found from the snapshots (each with its position, store time and latest
 * effective date), and only the events from the snapshot before its end are read and folded, from
 * that snapshot's state and the entries they touch. Undefined when the history cannot answer
 * (missing, of another schema version, a stream whose store times go back, too far behind, or
 * events that do not match it): the caller then folds the stream itself.
 */
export class PersistedAccountHistory {
  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<ReadDatabase>,
  ) {}

  async asOf(key: AccountKey, streamId: string, view: AsOfView): Promise<PersistedAnswer | undefined> {
    const stream = await accountHistoryStream(this.db, streamId);
    if (!stream || !stream.usable || !stream.ordered || stream.eventCount === 0) return undefined;
    const tail = await this.tail(streamId, stream.eventCount, stream.lastEventId, stream.lastRecordedAtMs);
    if (!tail) return undefined;
    const eventsInStream = stream.eventCount + tail.length;
    const marks = await accountHistoryMarks(this.db, streamId, stream.eventCount);
    const differences = new DifferenceCollector(view);
    if (view.kind === 'position') {
      const prefix = await this.prefix(streamId, marks, (mark) => mark.position <= view.asOfPosition, (event) => event.position <= view.asOfPosition);
      if (!prefix) return undefined;
      return this.answer(key, streamId, prefix, [], eventsInStream, differences);
    }
    // The view by date and the one by store time: the view asked for and the other clock's of the same moment.
    const asOfDate = view.kind === 'effective-date' ? view.asOfDate : vietnamDayOf(view.knownAt);
    const knownAtMs = view.kind === 'recorded-time' ? view.knownAt.getTime() : endOfVietnamDay(view.asOfDate).getTime() - 1;
    const byDate = await this.prefix(streamId, marks, (mark) => mark.latestEffectiveDate <= asOfDate, (event) => effectiveDateOf(event) <= asOfDate);
    const byTime = await this.prefix(streamId, marks, (mark) => mark.recordedAtMs <= knownAtMs, (event) => event.recordedAt.getTime() <= knownAtMs);
    if (!byDate || !byTime) return undefined;
    const added = await this.addedByDate(streamId, stream, tail, byDate.last, asOfDate);
    await this.differences(streamId, byDate.last, byTime.last, added, view.kind === 'effective-date', differences);
    return view.kind === 'effective-date' ? this.answer(key, streamId, byDate, added, eventsInStream, differences) : this.answer(key, streamId, byTime, [], eventsInStream, differences);
  }

  /** The back-dated events after the date prefix's end that the date view holds: from the history, and from the events it has not reached. */
  private async addedByDate(streamId: string, stream: AccountHistoryStream, tail: readonly RecordedEvent[], afterRevision: number, asOfDate: string): Promise<Exception[]> {
    const added: Exception[] = (await accountHistoryExceptions(this.db, streamId, afterRevision, stream.eventCount, asOfDate)).map((row) => ({
      revision: row.revision,
      position: row.position,
      id: row.eventId,
      streamId,
      type: row.type,
      recordedAt: new Date(row.recordedAtMs),
      metadata: { effectiveDate: row.effectiveDate, lateEntry: row.lateEntry },
      event: () => decodeEvent(row.type, row.data, row.schemaVersion) as AccountEvent,
    }));
    let latest = stream.latestEffectiveDate;
    for (const stored of tail) {
      const effectiveDate = effectiveDateOf(stored);
      if (effectiveDate >= latest) latest = effectiveDate;
      else if (Number(stored.revision) > afterRevision && effectiveDate <= asOfDate) {
        added.push({ revision: Number(stored.revision), position: stored.position, id: stored.id, streamId, type: stored.type, recordedAt: stored.recordedAt, metadata: { effectiveDate, lateEntry: stored.metadata.lateEntry === true }, event: () => decodeAccountEvent(stored) });
      }
    }
    return added;
  }

  /**
   * Where the events in the view by date ([0, byDate] and the back-dated `added`) and those in the
   * view by store time ([0, byTime]) differ, in revision order: the events between the two ends
   * (read from the store, only as many as are listed) and the added events after both.
   */
  private async differences(streamId: string, byDate: number, byTime: number, added: readonly Exception[], dateIsThis: boolean, differences: DifferenceCollector): Promise<void> {
    const low = Math.min(byDate, byTime);
    const high = Math.max(byDate, byTime);
    const addedRevisions = new Set(added.map((exception) => exception.revision));
    // Between the ends: in the date view only when it ends later; in the time view only, unless added, when that one does.
    const inDateOnly = byDate > byTime;
    let inRange = high - low;
    if (!inDateOnly) for (const revision of addedRevisions) if (revision > low && revision <= high) inRange -= 1;
    const listed = { count: 0 };
    for (let revision = low + 1; revision <= high && listed.count < listedDifferencesMax; ) {
      const page = await this.store.readStream(streamId, { fromRevision: BigInt(revision), maxCount: Math.min(listedDifferencesMax + addedRevisions.size, high - revision + 1, readCountMax) });
      if (page.length === 0) break;
      for (const stored of page) {
        if (listed.count >= listedDifferencesMax) break;
        if (!inDateOnly && addedRevisions.has(Number(stored.revision))) continue;
        differences.differs(stored, inDateOnly === dateIsThis);
        listed.count += 1;
      }
      revision = Number(page[page.length - 1].revision) + 1;
    }
    differences.count += inRange - listed.count;
    for (const exception of added) if (exception.revision > high) differences.differs(exception, dateIsThis);
  }

  /** The figures of a prefix and, after it, the added back-dated events. */
  private async answer(key: AccountKey, streamId: string, prefix: Prefix, added: readonly Exception[], eventsInStream: number, differences: DifferenceCollector): Promise<PersistedAnswer | undefined> {
    const folded: AccountEvent[] = [...prefix.events.map(decodeAccountEvent), ...added.map((exception) => exception.event())];
    const keys = [...new Set(folded.flatMap(accountStateKeyTexts))];
    const base = prefix.from ? await accountHistorySnapshot(this.db, streamId, prefix.from.revision, keys) : { state: initialStoredAccountState, entries: [] };
    if (!base) return undefined;
    const fold = new AccountHistoryFold(key, base.state, base.entries);
    for (const event of folded) fold.apply(event);
    const lastAdded = added[added.length - 1];
    const lastEvent = prefix.events[prefix.events.length - 1];
    const last = lastAdded ? lastAdded.revision : prefix.last;
    const position = lastAdded ? lastAdded.position : lastEvent ? lastEvent.position : prefix.from ? prefix.from.position : -1n;
    return {
      figures: figuresOfPartial(fold.state, fold.counts),
      revision: BigInt(last),
      position,
      eventsInView: prefix.last + 1 + added.length,
      eventsInStream,
      differences: differences.summary(),
    };
  }

  /**
   * The prefix of the stream whose events pass `holds` (which holds for a prefix: it passes no
   * event after one it fails), found from the last snapshot that passes `markHolds`.
   */
  private async prefix(streamId: string, marks: readonly AccountHistoryMark[], markHolds: (mark: AccountHistoryMark) => boolean, holds: (event: RecordedEvent) => boolean): Promise<Prefix | undefined> {
    const from = lastHolding(marks, markHolds);
    // The next snapshot fails the test, so the prefix ends before it: no read goes past it.
    const next = marks[from ? marks.indexOf(from) + 1 : 0];
    const events = await this.readFrom(streamId, from, holds, next?.revision);
    if (!events) return undefined;
    const after = from ? events.slice(1) : events;
    return { from, last: after.length > 0 ? Number(after[after.length - 1].revision) : (from?.revision ?? -1), events: after };
  }

  /** The events after the history's end, checking that its last event is the store's; undefined when there are too many. */
  private async tail(streamId: string, eventCount: number, lastEventId: string, lastRecordedAtMs: number): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    let previousMs = lastRecordedAtMs;
    for (let revision = eventCount - 1; ; ) {
      const page = await this.store.readStream(streamId, { fromRevision: BigInt(revision), maxCount: readCountMax });
      for (const stored of page) {
        if (Number(stored.revision) === eventCount - 1) {
          if (stored.id !== lastEventId) return undefined;
          continue;
        }
        if (stored.recordedAt.getTime() < previousMs) return undefined;
        previousMs = stored.recordedAt.getTime();
        events.push(stored);
      }
      if (events.length > accountHistoryTailEventsMax) return undefined;
      if (page.length < readCountMax) return page.length === 0 && events.length === 0 && revision === eventCount - 1 ? undefined : events;
      revision = Number(page[page.length - 1].revision) + 1;
    }
  }

  /**
   * The stream's events from the snapshot's (checked against it) for as long as `more` holds, then
   * stops; from the first event when there is no snapshot. Undefined when the snapshot's event is not the store's.
   */
  private async readFrom(streamId: string, mark: AccountHistoryMark | undefined, more: (event: RecordedEvent) => boolean, untilRevision?: number): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    // Up to the next snapshot in one read; past the last one, pages grow from a small one.
    for (let revision = mark?.revision ?? 0, pageSize = firstPageEvents; ; pageSize = Math.min(readCountMax, pageSize * 2)) {
      if (untilRevision !== undefined) pageSize = Math.max(1, Math.min(readCountMax, untilRevision - revision + 1));
      const page = await this.store.readStream(streamId, { fromRevision: BigInt(revision), maxCount: pageSize });
      for (const stored of page) {
        if (mark && Number(stored.revision) === mark.revision) {
          if (stored.id !== mark.eventId) return undefined;
          events.push(stored);
          continue;
        }
        if (!more(stored)) return events;
        events.push(stored);
      }
      if (mark && revision === mark.revision && (page.length === 0 || Number(page[0].revision) !== mark.revision)) return undefined;
      if (page.length < pageSize) return events;
      revision = Number(page[page.length - 1].revision) + 1;
    }
  }
}
