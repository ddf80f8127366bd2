/**
 * The event store port. Every adapter (embedded SQLite, EventStoreDB) implements it and must
 * pass the contract suite in `libs/event-store/testing` unchanged.
 *
 * Revisions and positions are `bigint`: EventStoreDB reports them as 64-bit numbers and a
 * long-lived ledger must not lose precision on either. A position orders events; it is not a
 * count (on EventStoreDB it is a byte offset in the server's log): count with
 * `countEventsAfter`.
 *
 * What the port promises about identity:
 * - **Commands.** An append that names a `command` is idempotent by command id within the
 *   stream it is appended to: a retry with the same id and request hash is answered as a
 *   duplicate with the first append's figures, whatever revision it now expects; the same id
 *   with another hash is refused with `CommandIdConflictError`; a refused append records no
 *   command. This holds across restarts and processes. A command id names one command in one
 *   stream (the ledger's command ids belong to one account). Whether an id already recorded on
 *   *another* stream is refused is the adapter's: the embedded stores check command ids
 *   store-wide, EventStoreDB (which cannot without a second write per command) does not.
 * - **Event ids.** Writers choose them, fresh for every event (the ledger makes UUIDv7s); a
 *   resent request carries the same ids. The same id twice in one append is refused. The port
 *   does not promise that an id already stored elsewhere is refused: the embedded stores refuse
 *   it, EventStoreDB checks ids only to recognise a resent append at the same place. Nothing may
 *   rely on store-wide event-id uniqueness; retries are recognised by their command id.
 * - **Unique keys.** An append may take keys (`AppendOptions.uniqueKeys`, a treasury voucher
 *   say) that no other append anywhere in the store may take: that is the port's one
 *   store-wide uniqueness check.
 */

/** What the writer expects the stream to be at when it appends. */
export type ExpectedRevision =
  /** The stream must not exist yet (no event has ever been appended to it). */
  | 'no_stream'
  /** Append whatever the stream's state. */
  | 'any'
  /** The stream must exist (at any revision). */
  | 'stream_exists'
  /** The stream's last event must have exactly this revision (the first event has revision 0). */
  | bigint;

/** Whether a stream at `actual` (undefined: no such stream) is where the writer expected it. */
export function revisionMatches(expected: ExpectedRevision, actual: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === undefined;
    case 'stream_exists':
      return actual !== undefined;
    default:
      return actual === expected;
  }
}

/** JSON-compatible value: what event data and metadata may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface EventToAppend {
  /** A time-ordered id (UUIDv7) chosen by the writer, fresh for each event (see the header). */
  readonly id: string;
  /** The event type string from the catalogue, e.g. `FundsAllocated`. */
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  /** Position of the event within its stream, from 0. */
  readonly revision: bigint;
  /** Position of the event in the whole store; strictly increasing in append order. */
  readonly position: bigint;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
}

/**
 * A command record stored atomically with the events a command produced. It makes retries
 * with the same command id safe without relying on any in-memory cache or on the store's
 * best-effort duplicate detection.
 */
export interface CommandRecordToAppend {
  readonly commandId: string;
  /** A hash of the command's canonical content; the same id with another hash is refused. */
  readonly requestHash: string;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /** When given, the append is idempotent by command id (see `CommandRecordToAppend`). */
  readonly command?: CommandRecordToAppend;
  /**
   * Keys this append takes store-wide, at most `uniqueKeysPerAppendMax`, each of 1 to
   * `uniqueKeyLengthMax` characters, no key twice. If an earlier append anywhere took one of
   * them, this append is refused with `UniqueKeyTakenError`, writing nothing. A retry of the
   * command that took a key is a duplicate, as any retry; a refused append takes no key. On
   * EventStoreDB each key costs one more write (see docs/event-store-eventstoredb.md).
   */
  readonly uniqueKeys?: readonly string[];
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's revision after the append). */
  readonly nextRevision: bigint;
  /** Global position of the last event appended. */
  readonly position: bigint;
  /** Ids of the appended events, in order. */
  readonly eventIds: readonly string[];
  /** Global position of the first event appended. */
  readonly firstPosition: bigint;
  /**
   * True when the command id had already been recorded with the same request hash: nothing
   * was appended and the figures are those of the first append.
   */
  readonly duplicate: boolean;
}

/** What the store remembers of a command that was appended with a `CommandRecordToAppend`. */
export interface CommandRecord {
  readonly commandId: string;
  readonly requestHash: string;
  readonly streamId: string;
  readonly eventIds: readonly string[];
  readonly firstRevision: bigint;
  readonly nextRevision: bigint;
  readonly firstPosition: bigint;
  readonly position: bigint;
  /** The unique keys the command's append took, in the order given; empty when it took none. */
  readonly uniqueKeys: readonly string[];
}

export interface FindCommandOptions {
  /**
   * The stream the command was appended to, when the caller knows it (the account repository
   * does: a command belongs to its account). Only a command appended to this stream is found.
   * With it, every adapter answers from that stream alone; without it the embedded stores look
   * the id up directly and EventStoreDB reads the whole log, so pass it.
   */
  readonly streamId?: string;
}

/** Who took a unique key: the first event of the append that took it. */
export interface UniqueKeyHolder {
  readonly streamId: string;
  readonly commandId: string | null;
  readonly eventId: string;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** Inclusive. Forwards defaults to 0; backwards defaults to the end of the stream. */
  readonly fromRevision?: bigint;
  /** At most `readCountMax` (see below); defaults to that maximum. */
  readonly maxCount?: number;
}

export interface EventFilter {
  /** Only events whose type is one of these. */
  readonly eventTypes?: readonly string[];
  /** Only events whose stream id starts with one of these. */
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Inclusive; defaults to the start of the store. */
  readonly fromPosition?: bigint;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription delivers events *after* this position (a checkpoint). Omit to start at the beginning. */
  readonly afterPosition?: bigint;
  readonly filter?: EventFilter;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Sent once when the subscription has delivered every event stored when it caught up; it is live after this. */
  | { readonly kind: 'caught-up'; readonly position: bigint };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Stop the subscription; the iterator ends. Safe to call more than once. */
  close(): Promise<void>;
}

/** Named limits: no read returns more than this many events in one call. */
export const readCountMax = 10_000;
/** No single append may carry more events than this. */
export const appendEventCountMax = 10_000;
/** No single append may take more unique keys than this (a disbursement takes one voucher). */
export const uniqueKeysPerAppendMax = 8;
/** A unique key is 1 to this many characters. */
export const uniqueKeyLengthMax = 200;
/**
 * `countEventsAfter` counts at most this many events in one call: a figure such as a lag needs
 * "at least this many" past some point, never an unbounded scan.
 */
export const countEventsLimitMax = 1_000_000n;

export interface EventStore {
  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** A catch-up subscription to all streams that turns live. */
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The command record for a command id, if the command was appended (see `FindCommandOptions`). */
  findCommand(commandId: string, options?: FindCommandOptions): Promise<CommandRecord | undefined>;
  /** Position of the last event in the store, or -1n when it is empty. */
  headPosition(): Promise<bigint>;
  /**
   * How many events (matching `filter`, when given) have a position after `afterPosition`
   * (-1n: the whole store), counting at most `limit` (1 to `countEventsLimitMax`): the answer is
   * exact when below `limit`, and `limit` means "at least that many". The cost grows with the
   * answer, not with the store: an index range on SQLite, a read of the log after the position
   * on EventStoreDB (see docs/event-store-eventstoredb.md).
   *
   * Every adapter implements it; it is optional here only until every wrapper of the port
   * forwards it.
   */
  countEventsAfter?(afterPosition: bigint, limit: bigint, filter?: EventFilter): Promise<bigint>;
  close(): Promise<void>;
}

/** Injection token for the configured event store. */
export const EVENT_STORE = Symbol('EVENT_STORE');
