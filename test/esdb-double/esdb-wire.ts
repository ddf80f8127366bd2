/**
 * TEST DOUBLE (see esdb-test-double.ts): the wire side of the double — EventStoreDB's protobuf
 * answers (appends, reads, checkpoints, gossip members, server features), its errors as gRPC
 * statuses, and the decoding of what the client sends (stream names, expected revisions,
 * filters, proposed events). Kept apart from the double's behaviour so each file reads on its own.
 */
import { Metadata, status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerWritableStream } from '@grpc/grpc-js';
import { BinaryWriter } from 'google-protobuf';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition, MaximumAppendSizeExceeded, StreamDeleted, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import type { AppendOutcome, DoubleExpectedRevision, DoubleRecord, ProposedRecord } from './in-memory-log';

export interface SubscriptionFilter {
  readonly on: 'stream' | 'type';
  readonly matches: (value: string) => boolean;
}

export interface Principal {
  readonly name: string;
  readonly roles: ReadonlySet<string>;
}

/** Why a call is refused before it is served: the error to end it with. */
export interface Refusal {
  readonly code: status;
  readonly details: string;
  readonly metadata?: Metadata;
}

/** A `Streams.BatchAppend` answer to one append, from the log's outcome. */
export function fillBatchResponse(response: BatchAppendResp, streamName: string, expected: DoubleExpectedRevision, outcome: AppendOutcome): void {
  switch (outcome.kind) {
    case 'too-large': {
      const exceeded = new MaximumAppendSizeExceeded();
      exceeded.setMaxappendsize(outcome.maxAppendSizeBytes);
      response.setError(rpcStatus(3, 'MaximumAppendSizeExceeded', packed(exceeded.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded')));
      return;
    }
    case 'event-too-large': {
      // KurrentDB 25's detail, which the 6.x client's generated classes do not have: written by hand.
      const writer = new BinaryWriter();
      writer.writeString(1, outcome.eventId);
      writer.writeUint32(2, outcome.proposedSizeBytes);
      writer.writeUint32(3, outcome.maxAppendEventSizeBytes);
      response.setError(rpcStatus(3, 'MaximumAppendEventSizeExceeded', packed(writer.getResultBuffer(), 'event_store.client.MaximumAppendEventSizeExceeded')));
      return;
    }
    case 'stream-deleted': {
      const deleted = new StreamDeleted();
      const identifier = new StreamIdentifier();
      identifier.setStreamName(Buffer.from(streamName, 'utf8'));
      deleted.setStreamIdentifier(identifier);
      response.setError(rpcStatus(status.NOT_FOUND, 'StreamDeleted', packed(deleted.serializeBinary(), 'event_store.client.StreamDeleted')));
      return;
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
      response.setError(rpcStatus(status.ALREADY_EXISTS, 'WrongExpectedVersion', packed(conflict.serializeBinary(), 'event_store.client.WrongExpectedVersion')));
      return;
    }
    case 'idempotent': {
      const success = new BatchAppendResp.Success();
      success.setCurrentRevision(outcome.currentRevision.toString());
      success.setNoPosition(new ProtobufEmpty());
      response.setSuccess(success);
      return;
    }
    case 'written': {
      const success = new BatchAppendResp.Success();
      success.setCurrentRevision(outcome.currentRevision.toString());
      const position = new AllStreamPosition();
      position.setCommitPosition(outcome.position.toString());
      position.setPreparePosition(outcome.position.toString());
      success.setPosition(position);
      response.setSuccess(success);
      return;
    }
  }
}

/**
 * Events are immutable, so the bytes of each event's read response are built once and kept
 * (`cachedEventResponses`); the service's response serialiser passes such bytes through.
 * This keeps a test that reads the same ten thousand events several times fast.
 */
export const streamsServiceWithCachedEvents = {
  ...StreamsService,
  read: {
    ...StreamsService.read,
    responseSerialize: (value: ReadResp | Buffer): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary())),
  },
};
export const cachedEventResponses = new WeakMap<DoubleRecord, Buffer>();

export function eventResponseBytes(record: DoubleRecord): Buffer {
  let bytes = cachedEventResponses.get(record);
  if (bytes === undefined) {
    bytes = Buffer.from(eventResponse(record).serializeBinary());
    cachedEventResponses.set(record, bytes);
  }
  return bytes;
}

export function memberInfo(instanceId: string, address: string, port: number, state: MemberInfo.VNodeState, isAlive: boolean): MemberInfo {
  const member = new MemberInfo();
  const id = new UUID();
  id.setString(instanceId);
  member.setInstanceId(id);
  member.setTimeStamp(String(Date.now()));
  member.setState(state);
  member.setIsAlive(isAlive);
  const endpoint = new EndPoint();
  endpoint.setAddress(address);
  endpoint.setPort(port);
  member.setHttpEndPoint(endpoint);
  return member;
}

export function isPrincipal(value: Principal | Refusal): value is Principal {
  return 'roles' in value;
}

/** What a follower answers for a call only the leader serves: RpcExceptions.LeaderInfo. */
export function notLeaderRefusal(leaderHost: string, leaderPort: number): Refusal {
  const metadata = new Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', leaderHost);
  metadata.set('leader-endpoint-port', String(leaderPort));
  return { code: status.NOT_FOUND, details: 'Leader info available', metadata };
}

export function accessDeniedError(): Error {
  const metadata = new Metadata();
  metadata.set('exception', 'access-denied');
  return serviceError(status.PERMISSION_DENIED, 'Access Denied', metadata);
}

export function streamDeletedError(streamName: string): Error {
  const metadata = new Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', streamName);
  return serviceError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, metadata);
}

export function proposedRecord(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedRecord {
  const metadata = message.getMetadataMap();
  return {
    id: uuidText(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function unimplemented(name: string) {
  return (call: { emit(event: 'error', error: Error): void }, callback?: sendUnaryData<unknown>): void => {
    const error = serviceError(status.UNIMPLEMENTED, `the test double does not implement Streams.${name}`);
    if (typeof callback === 'function') callback(error);
    else call.emit('error', error);
  };
}

export function serviceError(code: status, details: string, metadata?: Metadata): Error & { code: status; details: string; metadata?: Metadata } {
  return Object.assign(new Error(details), { code, details, ...(metadata === undefined ? {} : { metadata }) });
}

/** Ends a server-streaming call with an error status (grpc-js sends it on the 'error' event). */
export function fail(call: ServerWritableStream<ReadReq, ReadResp>, code: status, details: string): void {
  call.emit('error', serviceError(code, details));
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (identifier === undefined) return '';
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function uuidText(uuid: UUID | undefined): string {
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

export function batchExpectedRevisionOf(options: BatchAppendReq.Options): DoubleExpectedRevision {
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

export function packed(bytes: Uint8Array, typeName: string): Any {
  const details = new Any();
  details.pack(bytes, typeName);
  return details;
}

export function rpcStatus(code: number, message: string, details?: Any): Status {
  const rpc = new Status();
  rpc.setCode(code);
  rpc.setMessage(message);
  if (details !== undefined) rpc.setDetails(details);
  return rpc;
}

/** What a server since 21.10 answers: among its methods, `Streams.BatchAppend`. */
export function supportedMethods(): SupportedMethods {
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

export function expectedRevisionOf(options: AppendReq.Options): DoubleExpectedRevision {
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

export function filterOf(options: ReadReq.Options): SubscriptionFilter | undefined {
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

export function recordMatches(filter: SubscriptionFilter, record: DoubleRecord): boolean {
  return filter.matches(filter.on === 'type' ? record.type : record.streamName);
}

export function eventResponse(record: DoubleRecord): ReadResp {
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

export function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

/** Writes with back-pressure: waits for the client when its buffer is full. */
export function write(call: ServerWritableStream<ReadReq, ReadResp>, response: ReadResp | Buffer): Promise<void> {
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
