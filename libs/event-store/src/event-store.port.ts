/**
 * The event store port. Every adapter (embedded SQLite, EventStoreDB) implements it and must
 * pass the contract suite in `libs/event-store/testing` unchanged.
 *
 * Revisions and positions are `bigint`: EventStoreDB reports them as 64-bit numbers and a
 * long-lived ledger must not lose precision on either.
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

/** JSON-compatible value: what event data and metadata may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface EventToAppend {
  /** A time-ordered id (UUIDv7) chosen by the writer; unique across the store. */
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

export interface EventStore {
  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** A catch-up subscription to all streams that turns live. */
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The command record for a command id, if the command was appended. */
  findCommand(commandId: string): Promise<CommandRecord | undefined>;
  /** Position of the last event in the store, or -1n when it is empty. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/** Injection token for the configured event store. */
export const EVENT_STORE = Symbol('EVENT_STORE');
