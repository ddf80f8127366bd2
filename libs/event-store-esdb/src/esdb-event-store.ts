/**
 * The event store port on EventStoreDB (and KurrentDB, its later name), through
 * `@eventstore/db-client`. This class opens and closes the connection and answers the port by
 * delegating: appends to `esdb-appender.ts` (command records in the append's own first event,
 * unique keys through claim streams), command look-ups to `command-records.ts`, reads of `$all`
 * to `esdb-all-reads.ts`, subscriptions to `esdb-subscription.ts`, and the start-up check of
 * rights to `access-check.ts`.
 *
 * Streams are EventStoreDB streams of the same name (the application already names them
 * `category-id`: `account-…`, `registry-…`); revisions are stream revisions; an event's position
 * is its commit position in `$all` (commit and prepare positions are equal for events written
 * without explicit transactions, which gRPC clients cannot open), and a read of `$all` "from
 * position p" starts at `{ commit: p, prepare: p }`. Records that are not the application's are
 * hidden from every read, subscription, count and head: EventStoreDB's own (`$`-prefixed streams
 * or types) and the adapter's unique-key claims (`uniquekey-…`), which applications may
 * therefore not append to.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import {
  InvalidAppendError,
  int64Max,
  validateAppend,
  validateCount,
  validateFilter,
  validateFindCommand,
  validateReadAll,
  validateReadStream,
  validateSubscribe,
} from '@ledger/event-store';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventFilter,
  EventStore,
  EventToAppend,
  FindCommandOptions,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@ledger/event-store';
import { verifyAccess } from './access-check';
import { isReservedStream, reservedStreamPrefixes } from './bookkeeping-streams';
import { refuseMarkerInApplicationMetadata } from './command-marker';
import { CommandRecords } from './command-records';
import { connectionFailure, describeServer, toClientConnectionString } from './connection-string';
import { EsdbAllReads } from './esdb-all-reads';
import { EsdbAppender } from './esdb-appender';
import { EsdbLog, toRecordedEvent } from './esdb-log';
import type { EsdbCallCounts, EventToWrite } from './esdb-log';
import { EsdbSubscription } from './esdb-subscription';
import type { SubscriptionHost } from './esdb-subscription';
import { retryPolicyDefault, subscriptionReconnectPolicyDefault, validateRetryPolicy } from './retry';
import type { RetryPolicy } from './retry';
import { StreamCommandIndex } from './stream-command-index';
import { UniqueKeyClaims } from './unique-key-claims';

export interface EsdbEventStoreOptions {
  /**
   * `esdb://user:password@host:port?tls=true&tlsCAFile=ca.crt`, `esdb+discover://…`, or the same
   * with `kurrentdb`; see EventStoreDB's connection strings. Passwords never appear in messages.
   */
  readonly connectionString: string;
  /** How reads and appends ride out a lost connection or a leader change. */
  readonly retry?: RetryPolicy;
  /** How subscriptions reconnect. */
  readonly subscriptionReconnect?: RetryPolicy;
  /**
   * Check at open that the server answers and that the user may read `$all` and write streams,
   * failing with a message that names what is missing (the default). Off, the first call finds out.
   */
  readonly verifyAccess?: boolean;
}

export class EsdbEventStore implements EventStore {
  private readonly log: EsdbLog;
  private readonly records: CommandRecords;
  private readonly appender: EsdbAppender;
  private readonly allReads: EsdbAllReads;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly subscriptionHost: SubscriptionHost;
  private closed = false;

  /**
   * Creates the client and, unless told not to, checks that the server answers and that the
   * user has the rights the ledger needs, so that a deployment missing one fails at start-up
   * with a message naming it rather than on the first command.
   */
  static async open(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const retry = validateRetryPolicy('retry', options.retry ?? retryPolicyDefault);
    const reconnect = validateRetryPolicy('subscriptionReconnect', options.subscriptionReconnect ?? subscriptionReconnectPolicyDefault);
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(toClientConnectionString(options.connectionString));
    } catch (error) {
      throw connectionFailure(options.connectionString, error);
    }
    const store = new EsdbEventStore(client, retry, reconnect);
    if (options.verifyAccess ?? true) {
      try {
        await verifyAccess(store.log, describeServer(options.connectionString), retry);
      } catch (error) {
        await store.close();
        throw error;
      }
    }
    return store;
  }

  private constructor(client: EventStoreDBClient, retry: RetryPolicy, reconnectPolicy: RetryPolicy) {
    this.log = new EsdbLog(client, retry);
    const index = new StreamCommandIndex();
    this.records = new CommandRecords(this.log, index);
    this.appender = new EsdbAppender(this.log, index, this.records, new UniqueKeyClaims(this.log));
    this.allReads = new EsdbAllReads(this.log);
    this.subscriptionHost = {
      log: this.log,
      reconnectPolicy,
      headPosition: () => this.headPosition(),
      unregister: (subscription) => this.subscriptions.delete(subscription),
    };
  }

  /** Calls made to the server so far, for tests and benchmarks that measure what a command costs. */
  callCounts(): EsdbCallCounts {
    return { ...this.log.counts };
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    let toWrite: EventToWrite[];
    let validated;
    try {
      validated = validateAppend(streamId, events, options);
      refuseWhatEventStoreDbReserves(streamId, events);
      // The caller's objects are sent as they are: the client serialises them with
      // JSON.stringify, which keeps their key order.
      toWrite = events.map((event) => ({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appender.append(validated, toWrite);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { maxCount, direction, fromRevision } = validateReadStream(options);
    if (direction === 'forwards') {
      if (fromRevision !== undefined && fromRevision > int64Max) return [];
      const from = fromRevision ?? 0n;
      const events = await this.log.readStream(streamId, 'forwards', from, maxCount);
      // What the repository folds is what the command check needs: noted on the way.
      this.records.noteRead(streamId, from, events);
      return events.map(toRecordedEvent);
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

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { maxCount, fromPosition, filter } = validateReadAll(options);
    if (fromPosition > int64Max) return [];
    return this.allReads.readAll(fromPosition, maxCount, filter);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const { afterPosition, filter } = validateSubscribe(options);
    const subscription = new EsdbSubscription(this.subscriptionHost, afterPosition, filter);
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** With the stream, from that stream (see `command-records.ts`); without it, from the whole log. */
  async findCommand(commandId: string, options?: FindCommandOptions): Promise<CommandRecord | undefined> {
    this.assertOpen();
    const { streamId } = validateFindCommand(commandId, options);
    if (streamId === undefined) return this.records.findAnywhere(commandId);
    if (streamId.startsWith('$') || isReservedStream(streamId)) return undefined;
    return this.records.find(streamId, commandId, 'end');
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.allReads.headPosition();
  }

  async countEventsAfter(afterPosition: bigint, limit: bigint, filter?: EventFilter): Promise<bigint> {
    this.assertOpen();
    const checked = validateCount(afterPosition, limit);
    return this.allReads.countEventsAfter(checked.afterPosition, checked.limit, validateFilter(filter));
  }

  /** Ends every subscription and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) await subscription.close();
    await this.log.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function refuseWhatEventStoreDbReserves(streamId: string, events: readonly EventToAppend[]): void {
  if (streamId.startsWith('$')) throw new InvalidAppendError(`stream ${streamId}: $-prefixed streams are EventStoreDB's system streams`);
  if (isReservedStream(streamId)) {
    throw new InvalidAppendError(`stream ${streamId}: streams starting with ${reservedStreamPrefixes.join(' or ')} are the event store's bookkeeping`);
  }
  for (const event of events) {
    if (event.type.startsWith('$')) throw new InvalidAppendError(`stream ${streamId}: event ${event.id} has a $-prefixed type, which EventStoreDB reserves`);
    refuseMarkerInApplicationMetadata(streamId, event.id, event.metadata);
  }
}
