/**
 * Reads of `$all`: pages of the application's events, the head, and counts. `$all` holds
 * EventStoreDB's own records and the adapter's claims between the application's events; each
 * of these skips them. The 6.x client sends no filter with a read of `$all` (only with a
 * subscription), so filters are applied here.
 */
import { readCountMax } from '@ledger/event-store';
import type { RecordedEvent, ValidatedFilter } from '@ledger/event-store';
import { isApplicationRecord } from './bookkeeping-streams';
import { positionOf, toRecordedEvent } from './esdb-log';
import type { EsdbLog, StoredEvent } from './esdb-log';

/** Events per page when the head is looked for from the end of `$all`, past system records. */
const headSearchPageEventCountMax = 256;

export class EsdbAllReads {
  constructor(private readonly log: EsdbLog) {}

  /**
   * Reads `$all` forwards in pages and keeps the application's events that pass the filter. A
   * sparse filter therefore reads every record from `fromPosition` on.
   */
  async readAll(fromPosition: bigint, maxCount: number, filter: ValidatedFilter): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    const unfiltered = filter.eventTypes === undefined && filter.streamPrefixes === undefined;
    // Other records sit between the application's events: ask for more than is still wanted.
    await this.scan(fromPosition, undefined, () => (unfiltered ? Math.min(readCountMax, (maxCount - found.length) * 2 + 16) : readCountMax), (stored) => {
      if (!matchesFilter(stored, filter)) return true;
      found.push(toRecordedEvent(stored));
      return found.length < maxCount;
    });
    return found;
  }

  /**
   * Counts the application's events after `afterPosition` that pass the filter, up to `limit`.
   * It reads every record after the position until it has counted `limit`, in pages of
   * `readCountMax`: a count of n costs about n / 10,000 reads, plus the records it passes over.
   */
  async countEventsAfter(afterPosition: bigint, limit: bigint, filter: ValidatedFilter): Promise<bigint> {
    let count = 0n;
    await this.scan(afterPosition < 0n ? 0n : afterPosition, afterPosition, () => readCountMax, (stored) => {
      if (matchesFilter(stored, filter)) count++;
      return count < limit;
    });
    return count;
  }

  /** The last application event's position, found by reading `$all` backwards past other records. */
  async headPosition(): Promise<bigint> {
    let from: bigint | 'end' = 'end';
    for (;;) {
      const page = await this.log.readAllPage('backwards', from, headSearchPageEventCountMax);
      for (const stored of page) {
        if (isApplicationRecord(stored.streamId, stored.type)) return positionOf(stored);
      }
      if (page.length < headSearchPageEventCountMax) return -1n;
      from = positionOf(page[page.length - 1]);
    }
  }

  /**
   * Visits the records of `$all` from `fromPosition` (inclusive) in order, skipping those at or
   * before `afterPosition`, until `visit` answers false or the log ends. Each page after the
   * first starts at the last record of the one before, because a position that is not a
   * record's is not a safe place to start on EventStoreDB: positions are byte offsets there.
   */
  private async scan(fromPosition: bigint, afterPosition: bigint | undefined, pageSize: () => number, visit: (stored: StoredEvent) => boolean): Promise<void> {
    let from: bigint | 'start' = fromPosition === 0n ? 'start' : fromPosition;
    let lastSeen = afterPosition;
    for (;;) {
      const size = pageSize();
      const page = await this.log.readAllPage('forwards', from, size);
      let progressed = false;
      for (const stored of page) {
        const position = positionOf(stored);
        if (lastSeen !== undefined && position <= lastSeen) continue;
        lastSeen = position;
        progressed = true;
        if (!visit(stored)) return;
      }
      if (page.length < size || lastSeen === undefined || !progressed) return;
      from = lastSeen;
    }
  }
}

function matchesFilter(stored: StoredEvent, filter: ValidatedFilter): boolean {
  if (!isApplicationRecord(stored.streamId, stored.type)) return false;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(stored.type)) return false;
  if (filter.streamPrefixes !== undefined && !filter.streamPrefixes.some((prefix) => stored.streamId.startsWith(prefix))) return false;
  return true;
}
