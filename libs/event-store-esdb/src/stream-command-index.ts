/**
 * Which commands each stream holds, as far as this process has read it.
 *
 * A retry of a command must be recognised as a duplicate before it is appended again. Its
 * record is in the stream it was appended to (`command-marker.ts`), and the events of a stream
 * at revisions up to `coveredThrough` never change: so once this process has seen revisions 0
 * to E of a stream, "the command is not in it" is a fact about revisions 0 to E, and an append
 * at exactly revision E, which lands only if the stream is still at E, completes the check
 * atomically. The index is filled from what the adapter reads anyway (the account repository
 * folds a stream through `readStream` before deciding on it) and from its own appends, so the
 * normal path costs no extra read; a stream not seen yet, or forgotten, is read from where the
 * index stops.
 *
 * It is a cache: bounded (the least recently used streams are forgotten) and never the only
 * record of anything.
 */

/** Streams whose commands are remembered. */
export const commandIndexStreamCountMax = 100_000;
/** Command entries remembered over all streams (about 100 bytes each). */
export const commandIndexEntryCountMax = 1_000_000;

export interface StreamCommands {
  /** Every revision from 0 to this one has been seen; -1 when none has (or the stream is empty). */
  coveredThrough: bigint;
  /** Command id to the revision of its first event. */
  readonly commands: Map<string, bigint>;
}

export interface SeenEvent {
  readonly revision: bigint;
  /** The command whose append this event opens, if it is the first event of one. */
  readonly commandId: string | null;
}

export class StreamCommandIndex {
  private readonly streams = new Map<string, StreamCommands>();
  private entryCount = 0;

  /** The stream's entry, marked as recently used; a new empty one when it is not known. */
  entry(streamId: string): StreamCommands {
    let entry = this.streams.get(streamId);
    if (entry !== undefined) {
      this.streams.delete(streamId);
    } else {
      entry = { coveredThrough: -1n, commands: new Map() };
    }
    this.streams.set(streamId, entry);
    this.evict();
    return entry;
  }

  /** True when the stream is known at all (it may still be empty). */
  knows(streamId: string): boolean {
    return this.streams.has(streamId);
  }

  /**
   * Notes events read forwards from `fromRevision`, in order. Coverage grows only when the read
   * starts where it stopped (or before): a read further on tells which commands are there, not
   * which are absent.
   */
  noteRead(streamId: string, fromRevision: bigint, events: readonly SeenEvent[]): StreamCommands {
    const entry = this.entry(streamId);
    for (const event of events) this.addCommand(entry, event);
    if (fromRevision <= entry.coveredThrough + 1n) {
      for (const event of events) {
        if (event.revision === entry.coveredThrough + 1n) entry.coveredThrough = event.revision;
        else if (event.revision > entry.coveredThrough + 1n) break;
      }
    }
    this.evict();
    return entry;
  }

  /** Notes an append this process made: `eventCount` events from `firstRevision`, opened by `commandId`. */
  noteAppended(streamId: string, firstRevision: bigint, eventCount: number, commandId: string | null): void {
    const entry = this.entry(streamId);
    this.addCommand(entry, { revision: firstRevision, commandId });
    if (firstRevision === entry.coveredThrough + 1n) entry.coveredThrough = firstRevision + BigInt(eventCount - 1);
    this.evict();
  }

  /** Every command this process knows, in every stream it remembers. */
  *knownCommands(): Generator<{ readonly streamId: string; readonly commandId: string; readonly firstRevision: bigint }> {
    for (const [streamId, entry] of this.streams) {
      for (const [commandId, firstRevision] of entry.commands) yield { streamId, commandId, firstRevision };
    }
  }

  private addCommand(entry: StreamCommands, event: SeenEvent): void {
    if (event.commandId === null || entry.commands.has(event.commandId)) return;
    entry.commands.set(event.commandId, event.revision);
    this.entryCount++;
  }

  private evict(): void {
    while (this.streams.size > commandIndexStreamCountMax || (this.entryCount > commandIndexEntryCountMax && this.streams.size > 1)) {
      const oldest = this.streams.keys().next().value;
      if (oldest === undefined) return;
      const entry = this.streams.get(oldest);
      this.streams.delete(oldest);
      this.entryCount -= entry?.commands.size ?? 0;
    }
  }
}
