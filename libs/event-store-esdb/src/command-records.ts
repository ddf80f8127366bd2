/**
 * Finding command records: in one stream through the command index (`stream-command-index.ts`),
 * reading the stream from where the index stops; and, without a stream, in the index and then
 * in the whole log. A record is read from the command's own events: the first carries the
 * marker (request hash, event count, keys), and all of them give the ids, revisions and
 * positions.
 */
import { readCountMax, StreamDeletedError } from '@ledger/event-store';
import type { CommandRecord } from '@ledger/event-store';
import { isApplicationRecord } from './bookkeeping-streams';
import { positionOf, storedMarkerOf } from './esdb-log';
import type { EsdbLog, StoredEvent } from './esdb-log';
import type { StreamCommandIndex, StreamCommands } from './stream-command-index';

/** Events read with a command's first event, so that most records take one read. */
const recordReadEventCount = 16;

export class CommandRecords {
  constructor(
    private readonly log: EsdbLog,
    private readonly index: StreamCommandIndex,
  ) {}

  /**
   * Notes events read forwards from `fromRevision`; refuses a read that skipped revisions, which
   * means events were removed under the ledger (a truncation or a soft delete).
   */
  noteRead(streamId: string, fromRevision: bigint, events: readonly StoredEvent[]): StreamCommands {
    const first = events[0];
    if (first !== undefined && first.revision > fromRevision) {
      throw new StreamDeletedError(
        streamId,
        `events from revision ${fromRevision} to ${first.revision - 1n} are gone (the stream was soft-deleted and written again, or truncated by its $tb, $maxCount or $maxAge metadata). The ledger never deletes events; restore them from a backup or an export`,
      );
    }
    return this.index.noteRead(
      streamId,
      fromRevision,
      events.map((event) => ({ revision: event.revision, commandId: storedMarkerOf(event)?.commandId ?? null })),
    );
  }

  /** The index entry of a stream, read from where it stops through revision `through` (or the end). */
  async cover(streamId: string, through: bigint | 'end'): Promise<StreamCommands> {
    let entry = this.index.entry(streamId);
    for (;;) {
      const from = entry.coveredThrough + 1n;
      if (through !== 'end' && from > through) return entry;
      const page = await this.log.readStream(streamId, 'forwards', from, readCountMax);
      entry = this.noteRead(streamId, from, page);
      const last = page.at(-1);
      if (page.length < readCountMax || last === undefined || (through !== 'end' && last.revision >= through)) return entry;
    }
  }

  /** The record of `commandId` if it was appended to `streamId` at or before revision `through`. */
  async find(streamId: string, commandId: string, through: bigint | 'end'): Promise<CommandRecord | undefined> {
    const entry = await this.cover(streamId, through);
    const firstRevision = entry.commands.get(commandId);
    if (firstRevision === undefined || (through !== 'end' && firstRevision > through)) return undefined;
    return this.recordAt(streamId, commandId, firstRevision);
  }

  /**
   * Without a stream: the streams this process remembers first, then the whole log, forwards,
   * a page at a time. The cost of the second is a read of every record; callers that know the
   * stream pass it.
   */
  async findAnywhere(commandId: string): Promise<CommandRecord | undefined> {
    for (const known of this.index.knownCommands()) {
      if (known.commandId === commandId) return this.recordAt(known.streamId, commandId, known.firstRevision);
    }
    let from: bigint | 'start' = 'start';
    let lastSeen: bigint | undefined;
    for (;;) {
      const page = await this.log.readAllPage('forwards', from, readCountMax);
      for (const stored of page) {
        const position = positionOf(stored);
        if (lastSeen !== undefined && position <= lastSeen) continue;
        lastSeen = position;
        if (!isApplicationRecord(stored.streamId, stored.type)) continue;
        if (storedMarkerOf(stored)?.commandId === commandId) return this.recordAt(stored.streamId, commandId, stored.revision);
      }
      if (page.length < readCountMax || lastSeen === undefined) return undefined;
      from = lastSeen;
    }
  }

  /** The record of the command whose first event is at `firstRevision` of `streamId`. */
  async recordAt(streamId: string, commandId: string, firstRevision: bigint): Promise<CommandRecord> {
    let events = await this.log.readStream(streamId, 'forwards', firstRevision, recordReadEventCount);
    const first = events[0];
    const marker = first === undefined ? undefined : storedMarkerOf(first);
    if (first === undefined || first.revision !== firstRevision || marker === undefined || marker.commandId !== commandId) {
      throw new Error(`stream ${streamId}: the record of command ${commandId} was expected at revision ${firstRevision} and is not there`);
    }
    if (events.length < marker.eventCount) events = await this.log.readStream(streamId, 'forwards', firstRevision, marker.eventCount);
    const own = events.slice(0, marker.eventCount);
    if (own.length !== marker.eventCount || own.some((event, offset) => event.revision !== firstRevision + BigInt(offset))) {
      throw new Error(`stream ${streamId}: command ${commandId} names ${marker.eventCount} events from revision ${firstRevision}, and the stream does not hold them`);
    }
    const last = own[own.length - 1];
    return {
      commandId,
      requestHash: marker.requestHash,
      streamId,
      eventIds: own.map((event) => event.id),
      firstRevision,
      nextRevision: last.revision,
      firstPosition: positionOf(own[0]),
      position: positionOf(last),
      uniqueKeys: [...marker.uniqueKeys],
    };
  }
}
