/**
 * The event store port on EventStoreDB (and KurrentDB, its later name), through
 * `@eventstore/db-client`.
 *
 * Streams are EventStoreDB streams of the same name (the application already names them
 * `category-id`: `account-…`, `registry-…`); revisions are stream revisions; an event's position
 * is its commit position in `$all` (commit and prepare positions are equal for events written
 * without explicit transactions, which gRPC clients cannot open), and a read of `$all` "from
 * position p" starts at `{ commit: p, prepare: p }`. Records that are not the application's are
 * hidden from every read, subscription and head: EventStoreDB's own (`$`-prefixed streams or
 * types) and the adapter's bookkeeping streams (`command-…`, `eventid-…`), which applications
 * may therefore not append to.
 *
 * ## Command records without multi-stream transactions
 *
 * The SQLite adapter writes a command record in the same transaction as the command's events.
 * EventStoreDB has no transaction across two streams, so a command's append is a short protocol
 * over three kinds of stream, each step safe to repeat:
 *
 * 1. Claim the command id: create `command-{commandId}` (expected `no_stream`, or the revision
 *    after a `CommandReleased`) with a `CommandClaimed` event holding the request hash, the
 *    target stream, the expected revision and the events themselves (ids included).
 * 2. Claim the event ids (see `event-id-claims.ts`), tagged with the command id.
 * 3. Append the events to the target stream at the expected revision. Their metadata carries
 *    the command id as the application writes it, but the record does not depend on that.
 *
 * The command record (`findCommand`) is derived: the latest `CommandClaimed` of the command
 * stream, if the claimed events are found in the target stream where the claim says they go.
 *
 * A request that finds a claim already there:
 * - with another request hash: `CommandIdConflictError`, unless the claimed append can provably
 *   never land (its exact expected revision has been passed without it), in which case the claim
 *   is released and the request proceeds;
 * - with the same hash and the claimed events stored: a duplicate with the original figures;
 * - with the same hash and the events not (yet) stored: it appends the *claimed* events itself,
 *   at the claimed expected revision. If the first writer is still running, both send the same
 *   events with the same ids at the same expected revision, which EventStoreDB stores once (its
 *   idempotent append: exact for an exact revision or `no_stream`, best effort for `any`); if
 *   the first writer crashed, this completes its work. Either way the retry is answered as a
 *   duplicate: the events are the claim's, not the ones the retry decided.
 *
 * A refused append (version conflict, an event id taken, too large) releases the command claim
 * with `CommandReleased`, so a refused append records no command, as the port requires; a
 * request with a claimed append that is refused releases the claim and proceeds with its own.
 *
 * Failure windows, and why each is safe:
 * - Crash after the claim, before the append: the claim stays without events. `findCommand`
 *   says "not recorded"; the next retry appends the claimed events (or, if they can no longer
 *   land, releases the claim and appends its own).
 * - Crash after the append, before the response: the events are stored; a retry finds them and
 *   answers as a duplicate.
 * - Crash after a refusal, before the release: as the first case; the retry's claimed append is
 *   refused again, and it releases the claim.
 * - A lost connection during any step: each step is retried with the same event ids at the same
 *   expected revision (see `retry.ts`), which the server recognises as a repeat.
 * - `any` or `stream_exists` with concurrent retries of one command: the only case that relies
 *   on EventStoreDB's best-effort duplicate detection (a cache of recent event ids). The
 *   application always appends at an exact revision.
 *
 * The price: a command's append is three writes plus one per event instead of one, and a
 * `findCommand` is two reads.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import {
  CommandIdConflictError,
  InvalidAppendError,
  int64Max,
  readCountMax,
  resolveDirection,
  resolveMaxCount,
  validateAppend,
  validateFilter,
  validateStart,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  CommandRecordToAppend,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  ValidatedFilter,
} from '@ledger/event-store';
import {
  bookkeepingEventTypes,
  commandStreamName,
  decodeCommandClaim,
  encodeCommandClaim,
  encodeCommandRelease,
  isApplicationRecord,
  isReservedStream,
  reservedStreamPrefixes,
} from './bookkeeping-streams';
import type { ClaimedEvent, CommandClaim } from './bookkeeping-streams';
import { EsdbLog, jsonObjectOf, positionOf, toRecordedEvent } from './esdb-log';
import type { RawAppendResult, StoredEvent } from './esdb-log';
import { EsdbSubscription } from './esdb-subscription';
import type { SubscriptionHost } from './esdb-subscription';
import { EventIdClaims } from './event-id-claims';
import type { HeldEventIdClaim } from './event-id-claims';
import { retryPolicyDefault, subscriptionReconnectPolicyDefault, validateRetryPolicy } from './retry';
import type { RetryPolicy } from './retry';

export interface EsdbEventStoreOptions {
  /**
   * `esdb://host:port?tls=false`, `esdb+discover://…`, or the same with `kurrentdb`; see
   * EventStoreDB's connection strings. Credentials in it are the client's business only.
   */
  readonly connectionString: string;
  /** How reads and appends ride out a lost connection or a leader change. */
  readonly retry?: RetryPolicy;
  /** How subscriptions reconnect. */
  readonly subscriptionReconnect?: RetryPolicy;
}

/** Rounds of claim, find another writer's claim, settle it, when retries of one command race. */
export const commandSettleRoundsMax = 5;
/** Events per page when the head is looked for from the end of `$all`, past system records. */
const headSearchPageEventCountMax = 256;

interface AppendedEvents {
  readonly firstRevision: bigint;
  readonly nextRevision: bigint;
  readonly firstPosition: bigint;
  readonly position: bigint;
  readonly eventIds: readonly string[];
}

type CommandState =
  | { readonly kind: 'none' }
  | { readonly kind: 'released'; readonly revision: bigint }
  | { readonly kind: 'claimed'; readonly revision: bigint; readonly claim: CommandClaim };

type Settled = { readonly kind: 'settled'; readonly result: AppendResult } | { readonly kind: 'refused' };

export class EsdbEventStore implements EventStore {
  private readonly log: EsdbLog;
  private readonly eventIdClaims: EventIdClaims;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly subscriptionHost: SubscriptionHost;
  private closed = false;

  /**
   * Creates the client; it connects on first use. Unreachable servers are reported by the first
   * call (after its retries), which is what a readiness check should make.
   */
  static async open(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const retry = validateRetryPolicy('retry', options.retry ?? retryPolicyDefault);
    const reconnect = validateRetryPolicy('subscriptionReconnect', options.subscriptionReconnect ?? subscriptionReconnectPolicyDefault);
    const client = EventStoreDBClient.connectionString(toClientConnectionString(options.connectionString));
    return new EsdbEventStore(client, retry, reconnect);
  }

  private constructor(client: EventStoreDBClient, retry: RetryPolicy, reconnectPolicy: RetryPolicy) {
    this.log = new EsdbLog(client, retry);
    this.eventIdClaims = new EventIdClaims(this.log);
    this.subscriptionHost = {
      log: this.log,
      reconnectPolicy,
      headPosition: () => this.headPosition(),
      unregister: (subscription) => this.subscriptions.delete(subscription),
    };
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    let expectedRevision: ExpectedRevision;
    let command: CommandRecordToAppend | undefined;
    let toWrite: ClaimedEvent[];
    try {
      const validated = validateAppend(streamId, events, options);
      refuseWhatEventStoreDbReserves(streamId, events);
      expectedRevision = validated.expectedRevision;
      command = validated.command;
      // The caller's objects are sent as they are: the client serialises them with
      // JSON.stringify, which keeps their key order.
      toWrite = events.map((event) => ({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }));
    } catch (error) {
      return Promise.reject(error);
    }
    if (command === undefined) {
      return this.appendEvents(streamId, toWrite, expectedRevision, undefined).then((appended) => toAppendResult(appended, false));
    }
    return this.appendCommand(streamId, toWrite, expectedRevision, command);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = resolveMaxCount(options.maxCount);
    const direction = resolveDirection(options.direction);
    const fromRevision = validateStart('fromRevision', options.fromRevision, 0n);
    if (direction === 'forwards') {
      if (fromRevision !== undefined && fromRevision > int64Max) return [];
      return (await this.log.readStream(streamId, 'forwards', fromRevision ?? 'start', maxCount)).map(toRecordedEvent);
    }
    const from = fromRevision === undefined || fromRevision > int64Max ? 'end' : fromRevision;
    const events = await this.log.readStream(streamId, 'backwards', from, maxCount);
    if (events.length === 0 && from !== 'end') {
      // The port reads backwards from past the end as from the end; in case a server answers
      // such a read with nothing, read from the end (an empty stream answers nothing again).
      return (await this.log.readStream(streamId, 'backwards', 'end', maxCount)).filter((event) => event.revision <= from).map(toRecordedEvent);
    }
    return events.map(toRecordedEvent);
  }

  /**
   * Reads `$all` forwards in pages and keeps the application's events that pass the filter.
   * The filter is applied here: the client (6.x) sends no filter with a read of `$all`, only
   * with a subscription. A sparse filter therefore reads every record from `fromPosition` on.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = resolveMaxCount(options.maxCount);
    const fromPosition = validateStart('fromPosition', options.fromPosition, 0n) ?? 0n;
    const filter = validateFilter(options.filter);
    if (fromPosition > int64Max) return [];
    const found: RecordedEvent[] = [];
    let from: bigint | 'start' = fromPosition === 0n ? 'start' : fromPosition;
    let lastSeen: bigint | undefined;
    for (;;) {
      // Bookkeeping and system records sit between the application's events: ask for more
      // than is still wanted, up to the largest read.
      const wanted = maxCount - found.length;
      const pageSize = filter.eventTypes === undefined && filter.streamPrefixes === undefined ? Math.min(readCountMax, wanted * 3 + 16) : readCountMax;
      const page = await this.log.readAllPage('forwards', from, pageSize);
      for (const stored of page) {
        const position = positionOf(stored);
        // Each page after the first starts at the last event of the one before.
        if (lastSeen !== undefined && position <= lastSeen) continue;
        lastSeen = position;
        if (!matchesFilter(stored, filter)) continue;
        found.push(toRecordedEvent(stored));
        if (found.length === maxCount) return found;
      }
      if (page.length < pageSize || lastSeen === undefined) return found;
      from = lastSeen;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const afterPosition = validateStart('afterPosition', options.afterPosition, -1n) ?? -1n;
    const filter = validateFilter(options.filter);
    const subscription = new EsdbSubscription(this.subscriptionHost, afterPosition, filter);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async findCommand(commandId: string): Promise<CommandRecord | undefined> {
    this.assertOpen();
    const state = await this.readCommandState(commandId);
    if (state.kind !== 'claimed') return undefined;
    const located = await this.locateClaimedEvents(state.claim);
    if (located === undefined) return undefined;
    return {
      commandId,
      requestHash: state.claim.requestHash,
      streamId: state.claim.streamId,
      eventIds: located.eventIds,
      firstRevision: located.firstRevision,
      nextRevision: located.nextRevision,
      firstPosition: located.firstPosition,
      position: located.position,
      uniqueKeys: [],
    };
  }

  /** The last application event's position, found by reading `$all` backwards past other records. */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
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

  /** Ends every subscription and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    await this.log.client.dispose();
  }

  // Appending.

  /** Claims the event ids, appends, and gives the claims back if the append is refused. */
  private async appendEvents(
    streamId: string,
    events: readonly ClaimedEvent[],
    expectedRevision: ExpectedRevision,
    commandId: string | undefined,
  ): Promise<AppendedEvents> {
    const eventIds = events.map((event) => event.id);
    const claims: HeldEventIdClaim[] = await this.eventIdClaims.claim(streamId, eventIds, commandId);
    let raw: RawAppendResult;
    try {
      raw = await this.log.append(streamId, events, expectedRevision);
    } catch (error) {
      // A refusal wrote nothing, so its ids are free again; after any other failure the append
      // may have landed, and its claims must stay.
      if (isRefusal(error)) await this.eventIdClaims.release(claims);
      throw error;
    }
    return this.figuresOf(streamId, eventIds, raw);
  }

  /**
   * Revisions come with the answer, and so does the last event's position, but not the first
   * event's (nor any position when the server found the events already stored): what is missing
   * is read back.
   */
  private async figuresOf(streamId: string, eventIds: readonly string[], raw: RawAppendResult): Promise<AppendedEvents> {
    const nextRevision = raw.nextRevision;
    const firstRevision = nextRevision - BigInt(eventIds.length - 1);
    if (raw.position !== undefined) {
      if (eventIds.length === 1) return { firstRevision, nextRevision, firstPosition: raw.position, position: raw.position, eventIds };
      const [first] = await this.log.readStream(streamId, 'forwards', firstRevision, 1);
      if (first === undefined || first.id !== eventIds[0]) throw notTheAppendedEvents(streamId, firstRevision, nextRevision);
      return { firstRevision, nextRevision, firstPosition: positionOf(first), position: raw.position, eventIds };
    }
    const stored = await this.log.readStream(streamId, 'forwards', firstRevision, eventIds.length);
    if (stored.length !== eventIds.length || stored.some((event, index) => event.id !== eventIds[index])) {
      throw notTheAppendedEvents(streamId, firstRevision, nextRevision);
    }
    return { firstRevision, nextRevision, firstPosition: positionOf(stored[0]), position: positionOf(stored[stored.length - 1]), eventIds };
  }

  /** Steps 1 to 3 of the protocol in this file's header, with the retries' paths. */
  private async appendCommand(
    streamId: string,
    events: readonly ClaimedEvent[],
    expectedRevision: ExpectedRevision,
    command: CommandRecordToAppend,
  ): Promise<AppendResult> {
    const commandStream = commandStreamName(command.commandId);
    // Optimistic first round: most commands are new, so claim before reading.
    let state: CommandState | undefined;
    for (let round = 1; round <= commandSettleRoundsMax; round++) {
      if (state !== undefined && state.kind === 'claimed') {
        const claim = state.claim;
        if (claim.requestHash !== command.requestHash) {
          if ((await this.locateClaimedEvents(claim)) !== undefined || !(await this.claimCanNeverLand(claim))) {
            throw new CommandIdConflictError(command.commandId);
          }
          await this.releaseCommand(commandStream, state.revision, 'its append can no longer land');
          state = await this.readCommandState(command.commandId);
          continue;
        }
        const settled = await this.settleClaim(claim);
        if (settled.kind === 'settled') return settled.result;
        await this.releaseCommand(commandStream, state.revision, 'its append was refused');
        state = await this.readCommandState(command.commandId);
        continue;
      }

      const claim: CommandClaim = {
        commandId: command.commandId,
        requestHash: command.requestHash,
        streamId,
        expectedRevision,
        searchFromRevision: await this.searchStart(streamId, expectedRevision),
        events,
      };
      const claimedAt = await this.log.appendIfAt(
        commandStream,
        bookkeepingEventTypes.commandClaimed,
        encodeCommandClaim(claim),
        state === undefined || state.kind === 'none' ? 'no_stream' : state.revision,
      );
      if (claimedAt === undefined) {
        state = await this.readCommandState(command.commandId);
        continue;
      }
      try {
        // The claim's owner reports the append as its own, even when a concurrent retry of the
        // same command stored these very events first on its behalf.
        return toAppendResult(await this.appendEvents(streamId, events, expectedRevision, command.commandId), false);
      } catch (error) {
        if (isRefusal(error)) await this.releaseCommand(commandStream, claimedAt, refusalReason(error));
        throw error;
      }
    }
    throw new Error(`command ${command.commandId}: concurrent retries kept changing its claim for ${commandSettleRoundsMax} rounds`);
  }

  /**
   * A same-hash retry meets a claim: the claimed events are found, or appended now. Either way
   * the answer is a duplicate with the claimed append's figures: the events stored are the
   * claim's, not the ones this retry decided, and the caller must not take them for its own.
   */
  private async settleClaim(claim: CommandClaim): Promise<Settled> {
    const located = await this.locateClaimedEvents(claim);
    if (located !== undefined) return { kind: 'settled', result: toAppendResult(located, true) };
    try {
      const appended = await this.appendEvents(claim.streamId, claim.events, claim.expectedRevision, claim.commandId);
      return { kind: 'settled', result: toAppendResult(appended, true) };
    } catch (error) {
      if (isRefusal(error)) return { kind: 'refused' };
      throw error;
    }
  }

  /** Where the claimed events would be: at the revision the claim names, or (for `any`) after it. */
  private async locateClaimedEvents(claim: CommandClaim): Promise<AppendedEvents | undefined> {
    const eventIds = claim.events.map((event) => event.id);
    const exact = claim.expectedRevision === 'no_stream' || typeof claim.expectedRevision === 'bigint';
    let from = claim.searchFromRevision;
    for (;;) {
      const page = await this.log.readStream(claim.streamId, 'forwards', from, exact ? eventIds.length : readCountMax);
      const index = page.findIndex((event) => event.id === eventIds[0]);
      if (index >= 0) {
        const start = page[index].revision;
        const stored =
          page.length >= index + eventIds.length
            ? page.slice(index, index + eventIds.length)
            : await this.log.readStream(claim.streamId, 'forwards', start, eventIds.length);
        const complete = stored.length === eventIds.length && stored.every((event, offset) => event.id === eventIds[offset]);
        if (!complete) return undefined;
        return {
          firstRevision: start,
          nextRevision: start + BigInt(eventIds.length - 1),
          firstPosition: positionOf(stored[0]),
          position: positionOf(stored[stored.length - 1]),
          eventIds,
        };
      }
      if (exact || page.length < readCountMax) return undefined;
      from = page[page.length - 1].revision + 1n;
    }
  }

  /** True when the claim's exact expected revision has been passed without its events. */
  private async claimCanNeverLand(claim: CommandClaim): Promise<boolean> {
    if (claim.expectedRevision !== 'no_stream' && typeof claim.expectedRevision !== 'bigint') return false;
    const last = await this.log.lastEvent(claim.streamId);
    const expectedLast = claim.expectedRevision === 'no_stream' ? -1n : claim.expectedRevision;
    return (last?.revision ?? -1n) !== expectedLast;
  }

  /** For `any` and `stream_exists`, the stream's revision is read first: the events will be after it. */
  private async searchStart(streamId: string, expectedRevision: ExpectedRevision): Promise<bigint> {
    if (expectedRevision === 'no_stream') return 0n;
    if (typeof expectedRevision === 'bigint') return expectedRevision + 1n;
    const last = await this.log.lastEvent(streamId);
    return last === undefined ? 0n : last.revision + 1n;
  }

  private async readCommandState(commandId: string): Promise<CommandState> {
    const last = await this.log.lastEvent(commandStreamName(commandId));
    if (last === undefined) return { kind: 'none' };
    if (last.type === bookkeepingEventTypes.commandReleased) return { kind: 'released', revision: last.revision };
    if (last.type === bookkeepingEventTypes.commandClaimed) {
      return { kind: 'claimed', revision: last.revision, claim: decodeCommandClaim(jsonObjectOf(last, 'data', last.data)) };
    }
    throw new Error(`command ${commandId}: its stream ends with an event of unknown type ${last.type}`);
  }

  /** Best effort: a claim left in place is settled by the next retry (see the header). */
  private async releaseCommand(commandStream: string, claimRevision: bigint, reason: string): Promise<void> {
    try {
      await this.log.appendIfAt(commandStream, bookkeepingEventTypes.commandReleased, encodeCommandRelease(reason), claimRevision);
    } catch {
      // Left claimed: the next retry finds the claimed append refused and releases it.
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/**
 * The 6.x client knows the `esdb` schemes only; KurrentDB's `kurrentdb` (and `kurrent`) schemes
 * mean the same connection, so they are renamed before the client sees them.
 */
export function toClientConnectionString(connectionString: string): string {
  return connectionString.trim().replace(/^(?:kurrentdb|kurrent)(\+discover)?:\/\//i, (_match, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

function refuseWhatEventStoreDbReserves(streamId: string, events: readonly EventToAppend[]): void {
  if (streamId.startsWith('$')) throw new InvalidAppendError(`stream ${streamId}: $-prefixed streams are EventStoreDB's system streams`);
  if (isReservedStream(streamId)) {
    throw new InvalidAppendError(`stream ${streamId}: streams starting with ${reservedStreamPrefixes.join(' or ')} are the event store's bookkeeping`);
  }
  for (const event of events) {
    if (event.type.startsWith('$')) throw new InvalidAppendError(`stream ${streamId}: event ${event.id} has a $-prefixed type, which EventStoreDB reserves`);
  }
}

function notTheAppendedEvents(streamId: string, firstRevision: bigint, nextRevision: bigint): Error {
  return new Error(`stream ${streamId}: the events at revisions ${firstRevision} to ${nextRevision} are not the ones just appended`);
}

function matchesFilter(stored: StoredEvent, filter: ValidatedFilter): boolean {
  if (!isApplicationRecord(stored.streamId, stored.type)) return false;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(stored.type)) return false;
  if (filter.streamPrefixes !== undefined && !filter.streamPrefixes.some((prefix) => stored.streamId.startsWith(prefix))) return false;
  return true;
}

/** Answers about the append itself, after which nothing was written. */
function isRefusal(error: unknown): boolean {
  return error instanceof WrongExpectedRevisionError || error instanceof InvalidAppendError;
}

function refusalReason(error: unknown): string {
  return error instanceof Error ? `its append was refused: ${error.message}` : 'its append was refused';
}

function toAppendResult(events: AppendedEvents, duplicate: boolean): AppendResult {
  return {
    nextRevision: events.nextRevision,
    position: events.position,
    eventIds: [...events.eventIds],
    firstPosition: events.firstPosition,
    duplicate,
  };
}
