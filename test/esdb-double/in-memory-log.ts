/**
 * TEST DOUBLE, NOT A SERVER. The in-memory transaction log behind `EsdbTestDouble`: it keeps
 * what an EventStoreDB node would keep for the few calls the event store adapter makes, with
 * the rules of EventStoreDB that the adapter depends on, and nothing else (no persistence, no
 * scavenging, no ACLs, no projections, no clustering).
 *
 * Rules copied from EventStoreDB, because the adapter must cope with them:
 * - Every event has one `$all` position; commit and prepare positions are equal (events are
 *   written without explicit transactions) and strictly increase, but are not consecutive
 *   (they are byte offsets in the log on a real node).
 * - Event ids are unique within a stream only. The same id may be stored in two streams.
 * - An append whose event ids are already the stream's events at the place the append would
 *   land is idempotent: it succeeds, writes nothing and reports no position.
 * - A version conflict is an answer, not an error.
 * - System records (`$`-prefixed streams and types) share `$all` with user events.
 * - A tombstoned stream can be neither read nor written again. A soft-deleted stream reads as
 *   missing until it is written again; it is then "recreated": its revisions go on from where
 *   they were and reads start at the first new event (earlier events stay in `$all`).
 * - Since KurrentDB 25 a server may limit the size of each event (`MaxAppendEventSize`) as well
 *   as of each append (`MaxAppendSize`).
 */

export interface DoubleRecord {
  /** Commit and prepare position: the same number for events written without a transaction. */
  readonly position: bigint;
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** Ticks (100 ns) since the Unix epoch: what EventStoreDB puts in the `created` metadata. */
  readonly createdTicks: bigint;
}

export interface ProposedRecord {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type DoubleExpectedRevision =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | { readonly kind: 'written'; readonly currentRevision: bigint; readonly position: bigint }
  /** Every proposed event was already in the stream where the append would have put it. */
  | { readonly kind: 'idempotent'; readonly currentRevision: bigint }
  | { readonly kind: 'wrong-expected-version'; readonly currentRevision: bigint | undefined }
  | { readonly kind: 'too-large'; readonly maxAppendSizeBytes: number }
  | { readonly kind: 'event-too-large'; readonly eventId: string; readonly proposedSizeBytes: number; readonly maxAppendEventSizeBytes: number }
  | { readonly kind: 'stream-deleted' };

/** What the double has done, for tests that measure what the adapter costs. */
export interface DoubleStats {
  /** Appends received (each `Streams.Append` call or `BatchAppend` request). */
  appendCalls: number;
  /** Records written to streams that are not `$`-prefixed (claims included, links not). */
  recordsWritten: number;
  /** Data and metadata bytes of those records. */
  bytesWritten: number;
  streamReads: number;
  allReads: number;
  subscriptions: number;
}

export interface InMemoryLogOptions {
  /**
   * Writes a `$>` link to `$et-{type}` after every user event, as EventStoreDB's
   * `$by_event_type` projection does, so `$all` holds system events between user events.
   */
  readonly linkEventsByType?: boolean;
  /** EventStoreDB's default (`MaxAppendSize`): 1 MiB of data and metadata per append. */
  readonly maxAppendSizeBytes?: number;
  /** KurrentDB 25's `MaxAppendEventSize`; no limit per event when absent, as before 25. */
  readonly maxAppendEventSizeBytes?: number;
}

/** A real log's first records are system records; positions never start at 0 for user events. */
const firstPosition = 128n;
/** Per-record overhead added to the position, so positions look like byte offsets. */
const recordHeaderBytes = 64n;
const ticksPerMillisecond = 10_000n;
const maxAppendSizeBytesDefault = 1024 * 1024;

interface StreamState {
  readonly records: DoubleRecord[];
  /** Event id to index in `records`, for the idempotency check. */
  readonly indexById: Map<string, number>;
  /** Reads start here: past the events of a soft delete once the stream is written again. */
  truncateBefore: number;
  deletion: 'none' | 'soft' | 'tombstone';
}

export type ReadStreamOutcome =
  | { readonly kind: 'found'; readonly records: readonly DoubleRecord[]; readonly firstReadable: number }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'deleted' };

export class InMemoryLog {
  /** Every record in `$all` order. */
  readonly all: DoubleRecord[] = [];
  private readonly streams = new Map<string, StreamState>();
  private nextPosition = firstPosition;
  private appendWaiters: Array<() => void> = [];
  private readonly linkEventsByType: boolean;
  readonly maxAppendSizeBytes: number;
  readonly maxAppendEventSizeBytes: number | undefined;
  readonly stats: DoubleStats = { appendCalls: 0, recordsWritten: 0, bytesWritten: 0, streamReads: 0, allReads: 0, subscriptions: 0 };

  constructor(options: InMemoryLogOptions = {}) {
    this.linkEventsByType = options.linkEventsByType ?? false;
    this.maxAppendSizeBytes = options.maxAppendSizeBytes ?? maxAppendSizeBytesDefault;
    this.maxAppendEventSizeBytes = options.maxAppendEventSizeBytes;
    // A fresh EventStoreDB node writes its epoch record before anything else.
    this.write('$epoch-information', [
      {
        id: '00000000-0000-4000-8000-000000000001',
        type: '$epoch-information',
        contentType: 'application/json',
        data: Buffer.from('{"epochNumber":0}', 'utf8'),
        customMetadata: new Uint8Array(0),
      },
    ]);
  }

  /** What the check of the append decides, before anything is written. */
  append(streamName: string, expected: DoubleExpectedRevision, proposed: readonly ProposedRecord[]): AppendOutcome {
    const outcome = this.decide(streamName, expected, proposed);
    if (outcome.kind === 'write') return this.written(streamName, proposed);
    return outcome;
  }

  /** Would the append be written, or what would it be answered? Nothing is written. */
  decide(streamName: string, expected: DoubleExpectedRevision, proposed: readonly ProposedRecord[]): AppendOutcome | { readonly kind: 'write' } {
    if (this.maxAppendEventSizeBytes !== undefined) {
      for (const record of proposed) {
        const proposedSizeBytes = record.data.length + record.customMetadata.length;
        if (proposedSizeBytes > this.maxAppendEventSizeBytes) {
          return { kind: 'event-too-large', eventId: record.id, proposedSizeBytes, maxAppendEventSizeBytes: this.maxAppendEventSizeBytes };
        }
      }
    }
    const sizeBytes = proposed.reduce((total, record) => total + record.data.length + record.customMetadata.length, 0);
    if (sizeBytes > this.maxAppendSizeBytes) return { kind: 'too-large', maxAppendSizeBytes: this.maxAppendSizeBytes };

    const stream = this.streams.get(streamName);
    if (stream?.deletion === 'tombstone') return { kind: 'stream-deleted' };
    const current = stream === undefined ? -1n : BigInt(stream.records.length - 1);
    const currentRevision = stream === undefined ? undefined : current;
    if (stream?.deletion === 'soft' && proposed.length > 0) {
      // The server lets a soft-deleted stream be written again, expecting no stream or its last revision.
      if (expected.kind === 'stream_exists') return { kind: 'wrong-expected-version', currentRevision };
      if (expected.kind === 'any' || expected.kind === 'no_stream' || (expected.kind === 'revision' && expected.revision === current)) return { kind: 'write' };
    }
    // The adapter never sends an empty append; the double answers it as a conflict so that a
    // bug that does is seen at once.
    if (proposed.length === 0) return { kind: 'wrong-expected-version', currentRevision };

    switch (expected.kind) {
      case 'revision':
      case 'no_stream': {
        const expectedRevision = expected.kind === 'no_stream' ? -1n : expected.revision;
        if (current === expectedRevision) return { kind: 'write' };
        if (current > expectedRevision && this.matchesFrom(stream, expectedRevision + 1n, proposed) === 'all') {
          return { kind: 'idempotent', currentRevision: expectedRevision + BigInt(proposed.length) };
        }
        return { kind: 'wrong-expected-version', currentRevision };
      }
      case 'stream_exists':
      case 'any': {
        if (expected.kind === 'stream_exists' && stream === undefined) return { kind: 'wrong-expected-version', currentRevision };
        const firstIndex = proposed.length === 0 ? undefined : stream?.indexById.get(proposed[0].id);
        if (firstIndex !== undefined) {
          const match = this.matchesFrom(stream, BigInt(firstIndex), proposed);
          if (match === 'all') return { kind: 'idempotent', currentRevision: BigInt(firstIndex + proposed.length - 1) };
          // Part of the append is already stored and part is not: EventStoreDB calls this
          // corrupted idempotency and answers with a version conflict.
          return { kind: 'wrong-expected-version', currentRevision };
        }
        return { kind: 'write' };
      }
    }
  }

  stream(streamName: string): readonly DoubleRecord[] | undefined {
    return this.streams.get(streamName)?.records;
  }

  /** A stream as a read sees it: deleted, missing (or soft-deleted), or its readable records. */
  readStream(streamName: string): ReadStreamOutcome {
    const stream = this.streams.get(streamName);
    if (stream === undefined) return { kind: 'not-found' };
    if (stream.deletion === 'tombstone') return { kind: 'deleted' };
    if (stream.deletion === 'soft' || stream.truncateBefore >= stream.records.length) return { kind: 'not-found' };
    return { kind: 'found', records: stream.records, firstReadable: stream.truncateBefore };
  }

  /**
   * `Streams.Delete`: a soft delete. The stream reads as missing; writing it again recreates it.
   * The server records it as `$tb` in the stream's metadata stream.
   */
  softDelete(streamName: string): void {
    const stream = this.streams.get(streamName);
    if (stream === undefined || stream.deletion === 'tombstone') return;
    stream.deletion = 'soft';
    this.writeSystem(`$$${streamName}`, '$metadata', '{"$tb":9223372036854775807}');
  }

  /** `Streams.Tombstone`: the stream can never be read or written again. */
  tombstone(streamName: string): void {
    let stream = this.streams.get(streamName);
    if (stream === undefined) {
      stream = { records: [], indexById: new Map(), truncateBefore: 0, deletion: 'none' };
      this.streams.set(streamName, stream);
    }
    stream.deletion = 'tombstone';
    this.writeSystem(`$$${streamName}`, '$streamDeleted', '{}');
  }

  /** True when a record starts at `position`. */
  isRecordPosition(position: bigint): boolean {
    const index = this.indexAtOrAfter(position);
    return index < this.all.length && this.all[index].position === position;
  }

  /** Index in `all` of the first record at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.all[middle].position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index in `all` of the first record strictly after `position`. */
  indexAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.all[middle].position <= position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Resolves at the next append (of any stream). */
  nextAppend(): Promise<void> {
    return new Promise((resolve) => this.appendWaiters.push(resolve));
  }

  private matchesFrom(stream: StreamState | undefined, fromRevision: bigint, proposed: readonly ProposedRecord[]): 'all' | 'none' {
    if (stream === undefined) return 'none';
    for (let offset = 0; offset < proposed.length; offset++) {
      const index = Number(fromRevision) + offset;
      if (index >= stream.records.length || stream.records[index].id !== proposed[offset].id) return 'none';
    }
    return 'all';
  }

  private written(streamName: string, proposed: readonly ProposedRecord[]): AppendOutcome {
    const existing = this.streams.get(streamName);
    if (existing?.deletion === 'soft') {
      // Recreated: reads start at the first new event.
      existing.deletion = 'none';
      existing.truncateBefore = existing.records.length;
    }
    const last = this.write(streamName, proposed);
    if (!streamName.startsWith('$')) {
      this.stats.recordsWritten += proposed.length;
      this.stats.bytesWritten += proposed.reduce((total, record) => total + record.data.length + record.customMetadata.length, 0);
    }
    if (this.linkEventsByType && !streamName.startsWith('$')) {
      for (const record of this.stream(streamName)?.slice(-proposed.length) ?? []) {
        this.write(`$et-${record.type}`, [
          {
            id: cryptoRandomUuid(),
            type: '$>',
            contentType: 'application/octet-stream',
            data: Buffer.from(`${record.revision}@${record.streamName}`, 'utf8'),
            customMetadata: new Uint8Array(0),
          },
        ]);
      }
    }
    this.wakeWaiters();
    return { kind: 'written', currentRevision: last.revision, position: last.position };
  }

  private write(streamName: string, proposed: readonly ProposedRecord[]): DoubleRecord {
    let stream = this.streams.get(streamName);
    if (stream === undefined) {
      stream = { records: [], indexById: new Map(), truncateBefore: 0, deletion: 'none' };
      this.streams.set(streamName, stream);
    }
    const createdTicks = BigInt(Date.now()) * ticksPerMillisecond;
    let last: DoubleRecord | undefined;
    for (const proposal of proposed) {
      const record: DoubleRecord = {
        position: this.nextPosition,
        streamName,
        revision: BigInt(stream.records.length),
        id: proposal.id,
        type: proposal.type,
        contentType: proposal.contentType,
        data: proposal.data,
        customMetadata: proposal.customMetadata,
        createdTicks,
      };
      this.nextPosition += recordHeaderBytes + BigInt(Buffer.byteLength(streamName) + Buffer.byteLength(proposal.type) + proposal.data.length + proposal.customMetadata.length);
      if (!stream.indexById.has(record.id)) stream.indexById.set(record.id, stream.records.length);
      stream.records.push(record);
      this.all.push(record);
      last = record;
    }
    if (last === undefined) throw new Error('the test double was asked to write no records');
    return last;
  }

  private writeSystem(streamName: string, type: string, json: string): void {
    this.write(streamName, [{ id: cryptoRandomUuid(), type, contentType: 'application/json', data: Buffer.from(json, 'utf8'), customMetadata: new Uint8Array(0) }]);
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.appendWaiters;
    this.appendWaiters = [];
    for (const wake of waiters) wake();
  }
}

function cryptoRandomUuid(): string {
  return globalThis.crypto.randomUUID();
}
