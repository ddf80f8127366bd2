/**
 * TEST DOUBLE, NOT A STORE FOR PRODUCTION. `InMemoryEventStore` keeps the whole event store in
 * this process's memory, for fast unit tests of code that uses the port: the account repository,
 * the transfer process manager, any use case. It is complete (command records, unique keys,
 * expected revisions, reads in both directions, filters, catch-up subscriptions that turn live,
 * the head, counts) and refuses the same calls with the same errors as the
 * real adapters, because it runs the same checks (`port-validation.ts`) and passes the same
 * contract suite unchanged.
 *
 * It is never the only test of anything: nothing survives `close`, there is no other process,
 * no disk and no network, so crashes, restarts, slow commits and lost connections cannot happen
 * here. Production uses the SQLite or the EventStoreDB adapter, and each is tested against its
 * real engine. Positions are consecutive from 0, as in the SQLite store; the port promises only
 * that they increase, so a test must not count on the gaps being absent.
 */
import {
  CommandIdConflictError,
  InvalidAppendError,
  PagedSubscription,
  revisionMatches,
  UniqueKeyTakenError,
  validateAppend,
  validateCount,
  validateFilter,
  validateFindCommand,
  validateReadAll,
  validateReadStream,
  validateSubscribe,
  WrongExpectedRevisionError,
} from '../src';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventFilter,
  EventStore,
  FindCommandOptions,
  EventToAppend,
  PagedSubscriptionSource,
  SubscriptionPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  ValidatedAppend,
  UniqueKeyHolder,
  ValidatedFilter,
} from '../src';

/**
 * Events the double holds at most. A unit test needs a few hundred; past this an append fails,
 * as on a full disk, rather than a runaway test taking the machine's memory.
 */
export const inMemoryEventCountMax = 1_000_000;
/** Events a subscription takes from the log at a time; also the most it holds for its consumer. */
const subscriptionPageEventCountMax = 500;

export interface InMemoryEventStoreOptions {
  /** A lower limit than `inMemoryEventCountMax`, for a test of what happens at the limit. */
  readonly eventCountMax?: number;
}

/**
 * An event as the double keeps it: data and metadata as the JSON the checks produced, so each
 * read hands out new objects, as a store that parses its rows does, and a test that changes
 * what it read cannot change what is stored.
 */
interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAtMs: number;
}

export class InMemoryEventStore implements EventStore {
  /** Every event in append order; an event's position is its index. */
  private readonly log: StoredEvent[] = [];
  /** Each stream's events in revision order; an event's revision is its index. */
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly storedEventIds = new Set<string>();
  private readonly commands = new Map<string, CommandRecord>();
  private readonly uniqueKeys = new Map<string, UniqueKeyHolder>();
  private readonly subscriptions = new Set<PagedSubscription>();
  private readonly subscriptionSource: PagedSubscriptionSource = {
    readPage: (afterPosition, filter) => this.readPage(afterPosition, filter),
    knownHeadPosition: () => this.currentHead(),
    unregister: (subscription) => this.subscriptions.delete(subscription),
  };
  private readonly eventCountMax: number;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    const eventCountMax = options.eventCountMax ?? inMemoryEventCountMax;
    if (!Number.isInteger(eventCountMax) || eventCountMax < 1 || eventCountMax > inMemoryEventCountMax) {
      throw new RangeError(`eventCountMax must be an integer from 1 to ${inMemoryEventCountMax}, got ${String(eventCountMax)}`);
    }
    this.eventCountMax = eventCountMax;
  }

  /**
   * The whole append happens before the promise is returned, in one synchronous step: appends
   * made "at the same time" are taken one after the other, in call order, which is all the
   * atomicity a single thread needs.
   */
  async appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const append = validateAppend(streamId, events, options);
    // The command record comes first: a retry of a recorded command is a duplicate whatever
    // revision it now expects.
    if (append.command !== undefined) {
      const recorded = this.commands.get(append.command.commandId);
      if (recorded !== undefined) {
        if (recorded.requestHash !== append.command.requestHash) throw new CommandIdConflictError(append.command.commandId);
        return { ...figuresOf(recorded), duplicate: true };
      }
    }
    const stream = this.streams.get(streamId);
    const actualRevision = stream === undefined ? undefined : BigInt(stream.length - 1);
    if (!revisionMatches(append.expectedRevision, actualRevision)) {
      throw new WrongExpectedRevisionError(streamId, append.expectedRevision, actualRevision);
    }
    for (const event of append.events) {
      // The port does not promise this check (see its header); the embedded stores make it.
      if (this.storedEventIds.has(event.id)) throw new InvalidAppendError(`stream ${streamId}: event id ${event.id} is already stored`);
    }
    for (const key of append.uniqueKeys) {
      const holder = this.uniqueKeys.get(key);
      if (holder !== undefined) throw new UniqueKeyTakenError(key, { ...holder });
    }
    if (this.log.length + append.events.length > this.eventCountMax) {
      throw new Error(`stream ${streamId}: the in-memory event store holds at most ${this.eventCountMax} events`);
    }
    return this.write(append, stream ?? []);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { maxCount, direction, fromRevision } = validateReadStream(options);
    const stream = this.streams.get(streamId) ?? [];
    const length = BigInt(stream.length);
    if (direction === 'forwards') {
      const from = fromRevision ?? 0n;
      if (from >= length) return [];
      return stream.slice(Number(from), Number(from) + maxCount).map(toRecordedEvent);
    }
    if (stream.length === 0) return [];
    // Backwards from past the end starts at the last event, as the contract fixes.
    const from = fromRevision === undefined || fromRevision >= length ? stream.length - 1 : Number(fromRevision);
    return stream
      .slice(Math.max(0, from - maxCount + 1), from + 1)
      .reverse()
      .map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { maxCount, fromPosition, filter } = validateReadAll(options);
    if (fromPosition >= BigInt(this.log.length)) return [];
    const found: RecordedEvent[] = [];
    for (let index = Number(fromPosition); index < this.log.length && found.length < maxCount; index++) {
      const event = this.log[index];
      if (matchesFilter(event, filter)) found.push(toRecordedEvent(event));
    }
    return found;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const { afterPosition, filter } = validateSubscribe(options);
    const subscription = new PagedSubscription(this.subscriptionSource, afterPosition, filter);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async findCommand(commandId: string, options?: FindCommandOptions): Promise<CommandRecord | undefined> {
    this.assertOpen();
    const { streamId } = validateFindCommand(commandId, options);
    const recorded = this.commands.get(commandId);
    if (recorded === undefined || (streamId !== undefined && recorded.streamId !== streamId)) return undefined;
    return { ...recorded, eventIds: [...recorded.eventIds], uniqueKeys: [...recorded.uniqueKeys] };
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.currentHead();
  }

  async countEventsAfter(afterPosition: bigint, limit: bigint, filter?: EventFilter): Promise<bigint> {
    this.assertOpen();
    const checked = validateCount(afterPosition, limit);
    const validatedFilter = validateFilter(filter);
    let count = 0n;
    for (let index = Number(checked.afterPosition + 1n); index < this.log.length && count < checked.limit; index++) {
      if (matchesFilter(this.log[index], validatedFilter)) count++;
    }
    return count;
  }

  /** Ends every subscription; every later call is refused, as on a closed adapter. The events are gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
  }

  private write(append: ValidatedAppend, stream: StoredEvent[]): AppendResult {
    const recordedAtMs = Date.now();
    const firstRevision = BigInt(stream.length);
    const firstPosition = BigInt(this.log.length);
    append.events.forEach((event, index) => {
      const stored: StoredEvent = {
        id: event.id,
        streamId: append.streamId,
        type: event.type,
        revision: firstRevision + BigInt(index),
        position: firstPosition + BigInt(index),
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
        recordedAtMs,
      };
      stream.push(stored);
      this.log.push(stored);
      this.storedEventIds.add(event.id);
    });
    this.streams.set(append.streamId, stream);
    const lastOffset = BigInt(append.events.length - 1);
    const nextRevision = firstRevision + lastOffset;
    const position = firstPosition + lastOffset;
    const eventIds = append.events.map((event) => event.id);
    const commandId = append.command?.commandId ?? null;
    if (append.command !== undefined) {
      const { requestHash } = append.command;
      const streamId = append.streamId;
      const uniqueKeys = [...append.uniqueKeys];
      this.commands.set(append.command.commandId, { commandId: append.command.commandId, requestHash, streamId, eventIds, firstRevision, nextRevision, firstPosition, position, uniqueKeys });
    }
    for (const key of append.uniqueKeys) this.uniqueKeys.set(key, { streamId: append.streamId, commandId, eventId: eventIds[0] });
    for (const subscription of this.subscriptions) subscription.wakeUp();
    return { nextRevision, position, eventIds: [...eventIds], firstPosition, duplicate: false };
  }

  /** Matching events after `afterPosition`, at most a page of them, and how far the scan got. */
  private readPage(afterPosition: bigint, filter: ValidatedFilter): SubscriptionPage {
    const head = this.currentHead();
    if (this.closed || head <= afterPosition) return { events: [], readThrough: afterPosition, reachedHead: true };
    const events: RecordedEvent[] = [];
    for (let index = Number(afterPosition + 1n); index < this.log.length; index++) {
      const event = this.log[index];
      if (!matchesFilter(event, filter)) continue;
      events.push(toRecordedEvent(event));
      if (events.length === subscriptionPageEventCountMax) {
        // The page is full: the consumer takes it before the scan goes on from here.
        return { events, readThrough: event.position, reachedHead: false };
      }
    }
    return { events, readThrough: head, reachedHead: true };
  }

  private currentHead(): bigint {
    return BigInt(this.log.length - 1);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}


function matchesFilter(event: StoredEvent, filter: ValidatedFilter): boolean {
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(event.type)) return false;
  // `startsWith` compares literally and case-sensitively, as the contract requires of prefixes.
  if (filter.streamPrefixes !== undefined && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  return true;
}

function figuresOf(recorded: CommandRecord): Omit<AppendResult, 'duplicate'> {
  return {
    nextRevision: recorded.nextRevision,
    position: recorded.position,
    eventIds: [...recorded.eventIds],
    firstPosition: recorded.firstPosition,
  };
}

function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: event.position,
    data: JSON.parse(event.dataJson),
    metadata: JSON.parse(event.metadataJson),
    recordedAt: new Date(event.recordedAtMs),
  };
}
