import { readCountMax } from '@ledger/event-store';
import type { EventStore, RecordedEvent } from '@ledger/event-store';

/**
 * Every event of a store in global order, a page at a time. Each page starts at the last event of
 * the one before (reads of `$all` include their start), because a position that is not an
 * event's is not a safe place to start on EventStoreDB: positions are byte offsets there.
 */
export async function* allEvents(store: EventStore, throughPosition?: bigint): AsyncGenerator<RecordedEvent[]> {
  let lastSeen: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: lastSeen ?? 0n, maxCount: readCountMax });
    const fresh = page.filter((event) => (lastSeen === undefined || event.position > lastSeen) && (throughPosition === undefined || event.position <= throughPosition));
    if (fresh.length > 0) yield fresh;
    const last = page.at(-1);
    if (last === undefined || page.length < readCountMax || (throughPosition !== undefined && last.position >= throughPosition)) return;
    lastSeen = last.position;
  }
}
