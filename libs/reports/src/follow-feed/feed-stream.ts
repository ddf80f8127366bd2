import { Observable } from 'rxjs';
import type { Kysely } from 'kysely';
import { auditTrail, type AuditEntry, type AuditFilter, type ReadDatabase } from '@ledger/read-models';

/** Entries read per query: the most that can wait in memory for one slow client beyond its socket's buffer. */
export const feedPageSizeMax = 200;
/** How often a caught-up feed looks for new entries. */
export const feedPollMs = 250;
/** A feed with nothing new says so this often, with its position, so a client knows it is alive and how fresh it is. */
export const feedHeartbeatMs = 15_000;

export interface FeedMessage {
  /** The entry's position: an EventSource sends it back as Last-Event-ID; absent on heartbeats. */
  readonly id?: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Where the stream's writes go: the feed waits while it has not taken what it was given. */
export interface FeedSink {
  readonly writableNeedDrain: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface FeedOptions {
  readonly reader: Kysely<ReadDatabase>;
  readonly filter: AuditFilter;
  /** Entries after this position (exclusive). */
  readonly afterPosition: bigint;
  /** End once every entry up to this position (inclusive) has been sent; absent: follow without end. */
  readonly throughPosition?: bigint;
  readonly messageOf: (entry: AuditEntry) => FeedMessage;
  readonly sink: FeedSink;
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** Called once when the stream ends, however it ends. */
  readonly onEnd: () => void;
}

function drained(sink: FeedSink): Promise<void> {
  if (!sink.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      sink.removeListener('drain', done);
      sink.removeListener('close', done);
      resolve();
    };
    sink.once('drain', done);
    sink.once('close', done);
  });
}

/**
 * The audit trail's entries after a position, in position order, as server-sent events: a page is
 * read only once the connection has drained the last one (back-pressure: a client that reads
 * slowly slows the reading, and at most a page waits in memory for it), then the feed polls for
 * what comes next. Each entry is sent once, with its position as the event id, so a client that
 * resumes from the last id it received misses nothing and receives nothing twice.
 */
export function feedStream(options: FeedOptions): Observable<FeedMessage> {
  const pollMs = options.pollMs ?? feedPollMs;
  const heartbeatMs = options.heartbeatMs ?? feedHeartbeatMs;
  return new Observable<FeedMessage>((subscriber) => {
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
    const run = async () => {
      let after = options.afterPosition;
      let quietSinceMs = Date.now();
      while (!closed) {
        await drained(options.sink);
        if (closed) return;
        const page = await auditTrail(options.reader, options.filter, after, feedPageSizeMax);
        if (closed) return;
        const through = options.throughPosition;
        for (const entry of page.value.entries) {
          if (through !== undefined && entry.position > through) break;
          subscriber.next(options.messageOf(entry));
          after = entry.position;
        }
        // Done when the last entry sent reaches the end, or the trail has been read past it.
        if (through !== undefined && (after >= through || (page.value.nextAfterPosition === null && page.position >= through) || page.value.entries.some((entry) => entry.position > through))) {
          subscriber.complete();
          return;
        }
        if (page.value.entries.length > 0) quietSinceMs = Date.now();
        else if (Date.now() - quietSinceMs >= heartbeatMs) {
          subscriber.next({ type: 'heartbeat', data: { position: page.position.toString() } });
          quietSinceMs = Date.now();
        }
        if (page.value.nextAfterPosition === null) await pause(pollMs);
      }
    };
    run().catch((error: unknown) => {
      if (!closed) subscriber.error(error);
    });
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      wake?.();
      options.onEnd();
    };
  });
}
