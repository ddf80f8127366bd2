/**
 * TEST DOUBLE, NOT A SERVER. A small gRPC endpoint that speaks enough of EventStoreDB's wire
 * protocol (the `event_store.client.streams.Streams` service, with the message classes generated
 * inside `@eventstore/db-client`) for the EventStoreDB adapter to run its contract suite without
 * Docker. It keeps its data in memory (`InMemoryLog`) and can be stopped and restarted on the
 * same port with that data, so reconnects can be tested.
 *
 * Stricter than a server in one way: reads and subscriptions of `$all` must start at a record's
 * position. Positions are byte offsets in a real log, and what a server does when asked to start
 * in the middle of a record is nothing the adapter should depend on.
 *
 * What it implements:
 * - `Streams.Append` (client streaming: one options message, then the proposed messages),
 *   answering a version conflict in the response's `wrong_expected_version` field, as the
 *   server does, and idempotent re-appends with `no_position`.
 * - With `appendProtocol: 'batch-append'` (the default, as servers since 21.10 behave):
 *   `ServerFeatures.GetSupportedMethods` advertising `Streams.BatchAppend`, and `BatchAppend`
 *   itself (one long-lived duplex call carrying many appends by correlation id, a conflict being
 *   a `google.rpc.Status` with a packed `WrongExpectedVersion`). With `appendProtocol: 'append'`
 *   `ServerFeatures` is left unimplemented, as on older servers, and the client falls back to
 *   `Streams.Append`.
 * - `Streams.Read`: stream reads forwards and backwards (a missing stream is a
 *   `stream_not_found` message), `$all` reads forwards and backwards with or without a filter,
 *   and `$all` subscriptions with a confirmation, server-side filters (stream name or event
 *   type, prefixes or regular expression), checkpoints, one `caught_up` message (optional, to
 *   imitate servers older than 23.10) and live delivery.
 *
 * What it leaves out, on purpose: `Delete`, `Tombstone`, every other service (users, projections,
 * persistent subscriptions, operations),
 * subscriptions to a single stream, gossip (a single host with `tls=false` needs none),
 * authentication and TLS. Positions follow the server's rules (see `in-memory-log.ts`), but
 * timings, limits and error texts are only close enough for the adapter's tests.
 */
import { randomUUID } from 'node:crypto';
import { Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerReadableStream, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition, Empty, MaximumAppendSizeExceeded, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { InMemoryLog } from './in-memory-log';
import type { DoubleExpectedRevision, DoubleRecord, InMemoryLogOptions, ProposedRecord } from './in-memory-log';

export interface EsdbTestDoubleOptions extends InMemoryLogOptions {
  /**
   * `batch-append` (the default) advertises `Streams.BatchAppend` through `ServerFeatures`, as
   * servers since 21.10 do, and the client appends through it; `append` leaves `ServerFeatures`
   * unimplemented, as older servers did, and the client appends with `Streams.Append`.
   */
  readonly appendProtocol?: 'append' | 'batch-append';
  /** 0 (the default) picks a free port; a restart keeps the port it got. */
  readonly port?: number;
  /**
   * Servers since 23.10 send `caught_up` when a subscription turns live; older ones do not.
   * Set false to test how the adapter detects catching up without it.
   */
  readonly sendCaughtUp?: boolean;
}

/** EventStoreDB's default filter search window, used when the client asks for `count`. */
const filterSearchWindowDefault = 32;
const host = '127.0.0.1';

interface SubscriptionFilter {
  readonly on: 'stream' | 'type';
  readonly matches: (value: string) => boolean;
}

interface ActiveCall {
  cancel(): void;
}

export class EsdbTestDouble {
  readonly log: InMemoryLog;
  private server: Server | undefined = undefined;
  private boundPort: number;
  private readonly sendCaughtUp: boolean;
  private readonly appendProtocol: 'append' | 'batch-append';
  private readonly activeCalls = new Set<ActiveCall>();
  private subscriptionCount = 0;
  /** Streams whose next append is written but not answered (see `loseAnswerOfNextAppendTo`). */
  private readonly answersToLose = new Set<string>();

  private constructor(options: EsdbTestDoubleOptions) {
    this.log = new InMemoryLog(options);
    this.boundPort = options.port ?? 0;
    this.sendCaughtUp = options.sendCaughtUp ?? true;
    this.appendProtocol = options.appendProtocol ?? 'batch-append';
  }

  /** Starts a double on 127.0.0.1 (a random free port unless `port` is given). */
  static async start(options: EsdbTestDoubleOptions = {}): Promise<EsdbTestDouble> {
    const double = new EsdbTestDouble(options);
    await double.listen();
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  /** What the adapter is given: a single node, no TLS, so the client needs no gossip. */
  get connectionString(): string {
    return `esdb://${host}:${this.boundPort}?tls=false`;
  }

  /** How many `$all` subscriptions have been opened since the start (reconnects included). */
  get subscriptionsOpened(): number {
    return this.subscriptionCount;
  }

  /**
   * The next append to `streamName` is written, and then answered with UNAVAILABLE instead of its
   * result, as when the connection drops after the server wrote and before the client heard.
   */
  loseAnswerOfNextAppendTo(streamName: string): void {
    this.answersToLose.add(streamName);
  }

  /** Stops listening and drops every open call, as a crashed or restarting node would. Data stays. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const call of [...this.activeCalls]) call.cancel();
    this.activeCalls.clear();
    server.forceShutdown();
  }

  /** Listens again on the same port, with the same data. */
  async restart(): Promise<void> {
    if (this.server !== undefined) return;
    await this.listen();
  }

  private async listen(): Promise<void> {
    const server = new Server();
    const implementation: UntypedServiceImplementation = {
      append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => this.append(call, callback),
      read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
        this.read(call).catch((error: unknown) => {
          fail(call, status.INTERNAL, error instanceof Error ? error.message : String(error));
        });
      },
      delete: unimplemented('Delete'),
      tombstone: unimplemented('Tombstone'),
      batchAppend:
        this.appendProtocol === 'batch-append'
          ? (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call)
          : unimplemented('BatchAppend'),
    };
    server.addService(streamsServiceWithCachedEvents, implementation);
    if (this.appendProtocol === 'batch-append') {
      server.addService(ServerFeaturesService, {
        getSupportedMethods: (_call: unknown, callback: sendUnaryData<SupportedMethods>) => callback(null, supportedMethods()),
      });
    }
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${this.boundPort}`, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
    this.server = server;
  }

  // Streams.Append

  private append(call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | undefined;
    const proposed: ProposedRecord[] = [];
    let answered = false;
    const answer = (error: Parameters<sendUnaryData<AppendResp>>[0], response?: AppendResp): void => {
      if (answered) return;
      answered = true;
      this.activeCalls.delete(tracked);
      callback(error, response);
    };
    // A stop drops the connection without answering, as a crashed node would.
    const tracked: ActiveCall = {
      cancel: () => {
        answered = true;
      },
    };
    this.activeCalls.add(tracked);

    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) {
        options = request.getOptions();
        return;
      }
      const message = request.getProposedMessage();
      if (message === undefined) return;
      const metadata = message.getMetadataMap();
      proposed.push({
        id: uuidText(message.getId()),
        type: metadata.get('type') ?? '',
        contentType: metadata.get('content-type') ?? 'application/octet-stream',
        data: message.getData_asU8(),
        customMetadata: message.getCustomMetadata_asU8(),
      });
    });
    call.on('error', () => answer({ code: status.CANCELLED, details: 'the append was cancelled' }));
    call.on('end', () => {
      if (options === undefined) {
        answer({ code: status.INVALID_ARGUMENT, details: 'an append must start with its options' });
        return;
      }
      const streamName = streamNameOf(options.getStreamIdentifier());
      const outcome = this.log.append(streamName, expectedRevisionOf(options), proposed);
      if (this.answersToLose.delete(streamName)) {
        answer({ code: status.UNAVAILABLE, details: 'Connection dropped (answer lost by the test double)' });
        return;
      }
      const response = new AppendResp();
      switch (outcome.kind) {
        case 'too-large': {
          const metadata = new Metadata();
          metadata.set('exception', 'maximum-append-size-exceeded');
          metadata.set('maximum-append-size', String(outcome.maxAppendSizeBytes));
          answer({ code: status.INVALID_ARGUMENT, details: 'Maximum Append Size of 1048576 Exceeded.', metadata });
          return;
        }
        case 'wrong-expected-version': {
          const conflict = new AppendResp.WrongExpectedVersion();
          if (outcome.currentRevision === undefined) conflict.setCurrentNoStream(new Empty());
          else conflict.setCurrentRevision(outcome.currentRevision.toString());
          switch (options.getExpectedStreamRevisionCase()) {
            case AppendReq.Options.ExpectedStreamRevisionCase.REVISION:
              conflict.setExpectedRevision(options.getRevision());
              break;
            case AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM:
              conflict.setExpectedNoStream(new Empty());
              break;
            case AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS:
              conflict.setExpectedStreamExists(new Empty());
              break;
            default:
              conflict.setExpectedAny(new Empty());
          }
          response.setWrongExpectedVersion(conflict);
          break;
        }
        case 'idempotent': {
          const success = new AppendResp.Success();
          success.setCurrentRevision(outcome.currentRevision.toString());
          success.setNoPosition(new Empty());
          response.setSuccess(success);
          break;
        }
        case 'written': {
          const success = new AppendResp.Success();
          success.setCurrentRevision(outcome.currentRevision.toString());
          const position = new AppendResp.Position();
          position.setCommitPosition(outcome.position.toString());
          position.setPreparePosition(outcome.position.toString());
          success.setPosition(position);
          response.setSuccess(success);
          break;
        }
      }
      answer(null, response);
    });
  }

  // Streams.BatchAppend

  /**
   * One duplex call carries many appends: each is a run of requests with one correlation id,
   * the first holding the options, the last marked final; each is answered on its own.
   */
  private batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { options: BatchAppendReq.Options | undefined; proposed: ProposedRecord[] }>();
    let stopped = false;
    const tracked: ActiveCall = {
      cancel: () => {
        stopped = true;
      },
    };
    this.activeCalls.add(tracked);
    const forget = (): void => {
      this.activeCalls.delete(tracked);
    };
    call.on('cancelled', forget);
    call.on('error', forget);
    call.on('end', () => {
      forget();
      if (!stopped) call.end();
    });
    call.on('data', (request: BatchAppendReq) => {
      if (stopped) return;
      const correlationId = uuidText(request.getCorrelationId());
      let entry = pending.get(correlationId);
      if (entry === undefined) {
        entry = { options: undefined, proposed: [] };
        pending.set(correlationId, entry);
      }
      if (request.hasOptions()) entry.options = request.getOptions();
      for (const message of request.getProposedMessagesList()) {
        const metadata = message.getMetadataMap();
        entry.proposed.push({
          id: uuidText(message.getId()),
          type: metadata.get('type') ?? '',
          contentType: metadata.get('content-type') ?? 'application/octet-stream',
          data: message.getData_asU8(),
          customMetadata: message.getCustomMetadata_asU8(),
        });
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      const response = this.batchAppendResponse(request.getCorrelationId(), entry.options, entry.proposed);
      if (this.answersToLose.delete(streamNameOf(entry.options?.getStreamIdentifier()))) {
        // The whole duplex call fails, as it would when its connection drops.
        stopped = true;
        call.emit('error', serviceError(status.UNAVAILABLE, 'Connection dropped (answer lost by the test double)'));
        return;
      }
      call.write(response);
    });
  }

  private batchAppendResponse(correlationId: UUID | undefined, options: BatchAppendReq.Options | undefined, proposed: ProposedRecord[]): BatchAppendResp {
    const response = new BatchAppendResp();
    response.setCorrelationId(correlationId);
    if (options === undefined) {
      response.setError(rpcStatus(3, 'a batch append must start with its options'));
      return response;
    }
    response.setStreamIdentifier(options.getStreamIdentifier());
    const expected = batchExpectedRevisionOf(options);
    const outcome = this.log.append(streamNameOf(options.getStreamIdentifier()), expected, proposed);
    switch (outcome.kind) {
      case 'too-large': {
        const exceeded = new MaximumAppendSizeExceeded();
        exceeded.setMaxappendsize(outcome.maxAppendSizeBytes);
        const details = new Any();
        details.pack(exceeded.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded');
        response.setError(rpcStatus(3, `Maximum Append Size of ${outcome.maxAppendSizeBytes} Exceeded.`, details));
        return response;
      }
      case 'wrong-expected-version': {
        const conflict = new WrongExpectedVersion();
        if (outcome.currentRevision === undefined) conflict.setCurrentNoStream(new ProtobufEmpty());
        else conflict.setCurrentStreamRevision(outcome.currentRevision.toString());
        switch (expected.kind) {
          case 'revision':
            conflict.setExpectedStreamPosition(expected.revision.toString());
            break;
          case 'no_stream':
            conflict.setExpectedNoStream(new ProtobufEmpty());
            break;
          case 'stream_exists':
            conflict.setExpectedStreamExists(new ProtobufEmpty());
            break;
          default:
            conflict.setExpectedAny(new ProtobufEmpty());
        }
        const details = new Any();
        details.pack(conflict.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        // 9 is FAILED_PRECONDITION, what the server reports for a version conflict.
        response.setError(rpcStatus(9, 'Wrong expected version.', details));
        return response;
      }
      case 'idempotent': {
        const success = new BatchAppendResp.Success();
        success.setCurrentRevision(outcome.currentRevision.toString());
        success.setNoPosition(new ProtobufEmpty());
        response.setSuccess(success);
        return response;
      }
      case 'written': {
        const success = new BatchAppendResp.Success();
        success.setCurrentRevision(outcome.currentRevision.toString());
        const position = new AllStreamPosition();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
        response.setSuccess(success);
        return response;
      }
    }
  }

  // Streams.Read

  private async read(call: ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (options === undefined) {
      fail(call, status.INVALID_ARGUMENT, 'a read needs options');
      return;
    }
    let cancelled = false;
    let wakeOnCancel: (() => void) | undefined;
    // A stop drops the connection without a status, as a crashed node would.
    const tracked: ActiveCall = {
      cancel: () => {
        cancelled = true;
        wakeOnCancel?.();
      },
    };
    this.activeCalls.add(tracked);
    call.on('cancelled', () => {
      cancelled = true;
      wakeOnCancel?.();
    });
    const isCancelled = (): boolean => cancelled;
    const whenCancelled = new Promise<void>((resolve) => {
      wakeOnCancel = resolve;
      if (cancelled) resolve();
    });
    try {
      if (options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.STREAM) {
        if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
          fail(call, status.UNIMPLEMENTED, 'the test double does not implement subscriptions to one stream');
          return;
        }
        await this.readStream(call, options, isCancelled);
      } else if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
        await this.subscribeToAll(call, options, isCancelled, whenCancelled);
        return;
      } else {
        await this.readAll(call, options, isCancelled);
      }
      if (!cancelled) call.end();
    } finally {
      this.activeCalls.delete(tracked);
    }
  }

  private async readStream(call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options, isCancelled: () => boolean): Promise<void> {
    const streamOptions = options.getStream() as ReadReq.Options.StreamOptions;
    const streamName = streamNameOf(streamOptions.getStreamIdentifier());
    const records = this.log.stream(streamName);
    if (records === undefined) {
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamOptions.getStreamIdentifier());
      const response = new ReadResp();
      response.setStreamNotFound(notFound);
      await write(call, response);
      return;
    }
    const count = BigInt(options.getCount());
    const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
    const last = BigInt(records.length - 1);
    const revisionCase = streamOptions.getRevisionOptionCase();
    let from: bigint;
    if (revisionCase === ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION) from = BigInt(streamOptions.getRevision());
    else if (revisionCase === ReadReq.Options.StreamOptions.RevisionOptionCase.END) from = forwards ? last + 1n : last;
    else from = forwards ? 0n : last;
    // Reading backwards from past the end starts at the last event, as the server does.
    if (!forwards && from > last) from = last;
    let sent = 0n;
    for (let revision = from; sent < count && revision >= 0n && revision <= last; revision += forwards ? 1n : -1n) {
      if (isCancelled()) return;
      await write(call, eventResponseBytes(records[Number(revision)]));
      sent++;
    }
  }

  private async readAll(call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options, isCancelled: () => boolean): Promise<void> {
    const allOptions = options.getAll() as ReadReq.Options.AllOptions;
    const filter = filterOf(options);
    const count = BigInt(options.getCount());
    const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
    const all = this.log.all;
    let index: number;
    switch (allOptions.getAllOptionCase()) {
      case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
        const position = BigInt((allOptions.getPosition() as ReadReq.Options.Position).getCommitPosition());
        if (!this.log.isRecordPosition(position)) {
          fail(call, status.INVALID_ARGUMENT, `the test double reads $all only from a record's position, not from ${position}`);
          return;
        }
        // Forwards includes the event at the position; backwards starts before it.
        index = forwards ? this.log.indexAtOrAfter(position) : this.log.indexAtOrAfter(position) - 1;
        break;
      }
      case ReadReq.Options.AllOptions.AllOptionCase.END:
        index = forwards ? all.length : all.length - 1;
        break;
      default:
        index = forwards ? 0 : -1;
    }
    let sent = 0n;
    for (; sent < count && index >= 0 && index < all.length; index += forwards ? 1 : -1) {
      if (isCancelled()) return;
      const record = all[index];
      if (filter !== undefined && !recordMatches(filter, record)) continue;
      await write(call, eventResponseBytes(record));
      sent++;
    }
  }

  /**
   * Catch-up and live delivery are one loop: deliver everything after the cursor, and when the
   * cursor reaches the end of the log, wait for the next append. The start position is
   * exclusive, as the server's is.
   */
  private async subscribeToAll(
    call: ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    isCancelled: () => boolean,
    whenCancelled: Promise<void>,
  ): Promise<void> {
    this.subscriptionCount++;
    const allOptions = options.getAll() as ReadReq.Options.AllOptions;
    const filter = filterOf(options);
    const filterOptions = options.getFilter();
    const checkpointEvery =
      filter === undefined || filterOptions === undefined
        ? undefined
        : (filterOptions.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX ? filterOptions.getMax() : filterSearchWindowDefault) *
          Math.max(1, filterOptions.getCheckpointintervalmultiplier());
    const log = this.log;
    let index: number;
    switch (allOptions.getAllOptionCase()) {
      case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
        const position = BigInt((allOptions.getPosition() as ReadReq.Options.Position).getCommitPosition());
        if (!log.isRecordPosition(position)) {
          fail(call, status.INVALID_ARGUMENT, `the test double subscribes to $all only from a record's position, not from ${position}`);
          return;
        }
        index = log.indexAfter(position);
        break;
      }
      case ReadReq.Options.AllOptions.AllOptionCase.END:
        index = log.all.length;
        break;
      default:
        index = 0;
    }

    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const confirmed = new ReadResp();
    confirmed.setConfirmation(confirmation);
    await write(call, confirmed);

    let scannedSinceCheckpoint = 0;
    let lastScanned: DoubleRecord | undefined;
    let caughtUp = false;
    while (!isCancelled()) {
      while (index < log.all.length && !isCancelled()) {
        const record = log.all[index++];
        lastScanned = record;
        if (filter === undefined || recordMatches(filter, record)) {
          await write(call, eventResponseBytes(record));
        }
        if (checkpointEvery !== undefined && ++scannedSinceCheckpoint >= checkpointEvery) {
          scannedSinceCheckpoint = 0;
          await write(call, checkpointResponse(record.position));
        }
      }
      if (isCancelled()) return;
      if (!caughtUp) {
        caughtUp = true;
        if (checkpointEvery !== undefined && scannedSinceCheckpoint > 0 && lastScanned !== undefined) {
          scannedSinceCheckpoint = 0;
          await write(call, checkpointResponse(lastScanned.position));
        }
        if (this.sendCaughtUp) {
          const response = new ReadResp();
          response.setCaughtUp(new ReadResp.CaughtUp());
          await write(call, response);
        }
      }
      // The check of the end and the wait are in one synchronous step: an append cannot slip in.
      if (index >= log.all.length) await Promise.race([log.nextAppend(), whenCancelled]);
    }
  }
}

/**
 * Events are immutable, so the bytes of each event's read response are built once and kept
 * (`cachedEventResponses`); the service's response serialiser passes such bytes through.
 * This keeps a test that reads the same ten thousand events several times fast.
 */
const streamsServiceWithCachedEvents = {
  ...StreamsService,
  read: {
    ...StreamsService.read,
    responseSerialize: (value: ReadResp | Buffer): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary())),
  },
};
const cachedEventResponses = new WeakMap<DoubleRecord, Buffer>();

function eventResponseBytes(record: DoubleRecord): Buffer {
  let bytes = cachedEventResponses.get(record);
  if (bytes === undefined) {
    bytes = Buffer.from(eventResponse(record).serializeBinary());
    cachedEventResponses.set(record, bytes);
  }
  return bytes;
}

function unimplemented(name: string) {
  return (call: { emit(event: 'error', error: Error): void }, callback?: sendUnaryData<unknown>): void => {
    const error = serviceError(status.UNIMPLEMENTED, `the test double does not implement Streams.${name}`);
    if (typeof callback === 'function') callback(error);
    else call.emit('error', error);
  };
}

function serviceError(code: status, details: string): Error & { code: status; details: string } {
  return Object.assign(new Error(details), { code, details });
}

/** Ends a server-streaming call with an error status (grpc-js sends it on the 'error' event). */
function fail(call: ServerWritableStream<ReadReq, ReadResp>, code: status, details: string): void {
  call.emit('error', serviceError(code, details));
}

function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (identifier === undefined) return '';
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function uuidText(uuid: UUID | undefined): string {
  if (uuid === undefined) return '';
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured();
  if (structured === undefined) return '';
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function batchExpectedRevisionOf(options: BatchAppendReq.Options): DoubleExpectedRevision {
  switch (options.getExpectedStreamPositionCase()) {
    case BatchAppendReq.Options.ExpectedStreamPositionCase.STREAM_POSITION:
      return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
    case BatchAppendReq.Options.ExpectedStreamPositionCase.NO_STREAM:
      return { kind: 'no_stream' };
    case BatchAppendReq.Options.ExpectedStreamPositionCase.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

function rpcStatus(code: number, message: string, details?: Any): Status {
  const status = new Status();
  status.setCode(code);
  status.setMessage(message);
  if (details !== undefined) status.setDetails(details);
  return status;
}

/** What a server since 21.10 answers: among its methods, `Streams.BatchAppend`. */
function supportedMethods(): SupportedMethods {
  const methods = new SupportedMethods();
  methods.setEventStoreServerVersion('24.10.0-test-double');
  methods.setMethodsList(
    ['Read', 'Append', 'BatchAppend'].map((name) => {
      const method = new SupportedMethod();
      method.setServiceName('event_store.client.streams.Streams');
      method.setMethodName(name);
      return method;
    }),
  );
  return methods;
}

function expectedRevisionOf(options: AppendReq.Options): DoubleExpectedRevision {
  switch (options.getExpectedStreamRevisionCase()) {
    case AppendReq.Options.ExpectedStreamRevisionCase.REVISION:
      return { kind: 'revision', revision: BigInt(options.getRevision()) };
    case AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM:
      return { kind: 'no_stream' };
    case AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

function filterOf(options: ReadReq.Options): SubscriptionFilter | undefined {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) return undefined;
  const filterOptions = options.getFilter() as ReadReq.Options.FilterOptions;
  const on = filterOptions.getFilterCase() === ReadReq.Options.FilterOptions.FilterCase.EVENT_TYPE ? 'type' : 'stream';
  const expression = on === 'type' ? filterOptions.getEventType() : filterOptions.getStreamIdentifier();
  if (expression === undefined) return undefined;
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return { on, matches: (value) => prefixes.some((prefix) => value.startsWith(prefix)) };
  // JavaScript's and .NET's regular expressions agree on the simple patterns filters use.
  const pattern = new RegExp(expression.getRegex());
  return { on, matches: (value) => pattern.test(value) };
}

function recordMatches(filter: SubscriptionFilter, record: DoubleRecord): boolean {
  return filter.matches(filter.on === 'type' ? record.type : record.streamName);
}

function eventResponse(record: DoubleRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamName, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(record.revision.toString());
  // Servers since 22.10 report the $all position on stream reads too.
  recorded.setPreparePosition(record.position.toString());
  recorded.setCommitPosition(record.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', record.createdTicks.toString());
  recorded.setCustomMetadata(record.customMetadata);
  recorded.setData(record.data);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(record.position.toString());
  const response = new ReadResp();
  response.setEvent(event);
  return response;
}

function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

/** Writes with back-pressure: waits for the client when its buffer is full. */
function write(call: ServerWritableStream<ReadReq, ReadResp>, response: ReadResp | Buffer): Promise<void> {
  if (call.destroyed || call.writableEnded) return Promise.resolve();
  // A Buffer is an event response serialised beforehand (see `streamsServiceWithCachedEvents`).
  if (call.write(response as ReadResp)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('close', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
    call.on('cancelled', done);
  });
}
