import { Metadata, status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerDuplexStream, ServerReadableStream } from '@grpc/grpc-js';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { AccessDenied, Empty, Timeout } from '@eventstore/db-client/generated/shared_pb';
import type { AppendOutcome, DoubleExpectedRevision, ProposedRecord } from './in-memory-log';
import { type Principal, type Refusal, accessDeniedError, batchExpectedRevisionOf, expectedRevisionOf, fillBatchResponse, isPrincipal, packed, proposedRecord, rpcStatus, serviceError, streamDeletedError, streamNameOf, uuidText } from './esdb-wire';

/**
 * TEST DOUBLE, NOT A SERVER: the appends — `Streams.Append` and `Streams.BatchAppend` — read off
 * the wire and answered with each protocol's messages, as the server answers them (see README.md).
 * The node decides each append (access, faults, the log); these only read and write messages.
 */

/** A call the node drops, without answering, when it stops. */
export interface ActiveCall {
  cancel(): void;
}

/** What an append comes to: an outcome to answer, a refusal, or no answer at all (a crash, a stall). */
export type AppendDecision =
  | { readonly kind: 'answer'; readonly outcome: AppendOutcome }
  | { readonly kind: 'refuse'; readonly refusal: Refusal }
  | { readonly kind: 'access-denied' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'no-answer' };

/** What the appends ask of the node: who called, whether it serves writes, its decision, and its open calls. */
export interface AppendingNode {
  principalOf(metadata: Metadata): Principal | Refusal;
  /** The refusal of a follower, which hands writes to the leader; undefined when this node serves them. */
  notLeader(): Refusal | undefined;
  decideAppend(streamName: string, expected: DoubleExpectedRevision, proposed: ProposedRecord[], principal: Principal): Promise<AppendDecision>;
  readonly activeCalls: Set<ActiveCall>;
}

// Streams.Append

export function serveAppend(node: AppendingNode, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
  let options: AppendReq.Options | undefined;
  const proposed: ProposedRecord[] = [];
  let answered = false;
  const answer = (error: Parameters<sendUnaryData<AppendResp>>[0], response?: AppendResp): void => {
    if (answered) return;
    answered = true;
    node.activeCalls.delete(tracked);
    callback(error, response);
  };
  // A stop drops the connection without answering, as a crashed node would.
  const tracked: ActiveCall = {
    cancel: () => {
      answered = true;
    },
  };
  node.activeCalls.add(tracked);

  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) {
      options = request.getOptions();
      return;
    }
    const message = request.getProposedMessage();
    if (message !== undefined) proposed.push(proposedRecord(message));
  });
  call.on('error', () => answer({ code: status.CANCELLED, details: 'the append was cancelled' }));
  call.on('end', () => {
    void (async () => {
      if (options === undefined) {
        answer({ code: status.INVALID_ARGUMENT, details: 'an append must start with its options' });
        return;
      }
      const principal = node.principalOf(call.metadata);
      if (!isPrincipal(principal)) return answer(serviceError(principal.code, principal.details));
      const refusedToFollow = node.notLeader();
      if (refusedToFollow !== undefined) return answer(serviceError(refusedToFollow.code, refusedToFollow.details, refusedToFollow.metadata));
      const streamName = streamNameOf(options.getStreamIdentifier());
      const decision = await node.decideAppend(streamName, expectedRevisionOf(options), proposed, principal);
      switch (decision.kind) {
        case 'no-answer':
          return;
        case 'refuse':
          return answer(serviceError(decision.refusal.code, decision.refusal.details, decision.refusal.metadata));
        case 'access-denied':
          return answer(accessDeniedError());
        case 'timeout':
          // The server's RpcExceptions.Timeout: ABORTED.
          return answer(serviceError(status.ABORTED, 'Operation timed out: the write was dropped because its original is not yet replicated'));
        case 'answer':
          return answerAppend(options, streamName, decision.outcome, answer);
      }
    })();
  });
}

function answerAppend(
  options: AppendReq.Options,
  streamName: string,
  outcome: AppendOutcome,
  answer: (error: Parameters<sendUnaryData<AppendResp>>[0], response?: AppendResp) => void,
): void {
  const response = new AppendResp();
  switch (outcome.kind) {
    case 'too-large': {
      const metadata = new Metadata();
      metadata.set('exception', 'maximum-append-size-exceeded');
      metadata.set('maximum-append-size', String(outcome.maxAppendSizeBytes));
      return answer(serviceError(status.INVALID_ARGUMENT, `Maximum Append Size of ${outcome.maxAppendSizeBytes} Exceeded.`, metadata));
    }
    case 'event-too-large': {
      const metadata = new Metadata();
      metadata.set('exception', 'maximum-append-event-size-exceeded');
      metadata.set('maximum-append-event-size', String(outcome.maxAppendEventSizeBytes));
      metadata.set('event-id', outcome.eventId);
      metadata.set('proposed-append-event-size', String(outcome.proposedSizeBytes));
      return answer(
        serviceError(
          status.INVALID_ARGUMENT,
          `Event with Id: ${outcome.eventId}, Size: ${outcome.proposedSizeBytes}, exceeds Maximum Append Event Size of ${outcome.maxAppendEventSizeBytes}.`,
          metadata,
        ),
      );
    }
    case 'stream-deleted':
      return answer(streamDeletedError(streamName));
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
}

// Streams.BatchAppend

/**
 * One duplex call carries many appends: each is a run of requests with one correlation id,
 * the first holding the options, the last marked final; each is answered on its own.
 */
export function serveBatchAppend(node: AppendingNode, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  const pending = new Map<string, { options: BatchAppendReq.Options | undefined; proposed: ProposedRecord[] }>();
  let stopped = false;
  const tracked: ActiveCall = {
    cancel: () => {
      stopped = true;
    },
  };
  node.activeCalls.add(tracked);
  const forget = (): void => {
    node.activeCalls.delete(tracked);
  };
  const failCall = (refusal: Refusal): void => {
    // The whole duplex call fails, as it does when its connection drops or the node hands over.
    if (stopped) return;
    stopped = true;
    call.emit('error', serviceError(refusal.code, refusal.details, refusal.metadata));
  };
  call.on('cancelled', forget);
  call.on('error', forget);
  call.on('end', () => {
    forget();
    if (!stopped) call.end();
  });
  const principal = node.principalOf(call.metadata);
  call.on('data', (request: BatchAppendReq) => {
    if (stopped) return;
    if (!isPrincipal(principal)) return failCall(principal);
    const refusedToFollow = node.notLeader();
    if (refusedToFollow !== undefined) return failCall(refusedToFollow);
    const correlationId = uuidText(request.getCorrelationId());
    let entry = pending.get(correlationId);
    if (entry === undefined) {
      entry = { options: undefined, proposed: [] };
      pending.set(correlationId, entry);
    }
    if (request.hasOptions()) entry.options = request.getOptions();
    for (const message of request.getProposedMessagesList()) entry.proposed.push(proposedRecord(message));
    if (!request.getIsFinal()) return;
    pending.delete(correlationId);
    const { options, proposed } = entry;
    void (async () => {
      const response = new BatchAppendResp();
      response.setCorrelationId(request.getCorrelationId());
      if (options === undefined) {
        response.setError(rpcStatus(3, 'a batch append must start with its options'));
        call.write(response);
        return;
      }
      response.setStreamIdentifier(options.getStreamIdentifier());
      const streamName = streamNameOf(options.getStreamIdentifier());
      const expected = batchExpectedRevisionOf(options);
      const decision = await node.decideAppend(streamName, expected, proposed, principal);
      if (stopped) return;
      switch (decision.kind) {
        case 'no-answer':
          return;
        case 'refuse':
          return failCall(decision.refusal);
        case 'access-denied': {
          response.setError(rpcStatus(status.PERMISSION_DENIED, 'AccessDenied', packed(new AccessDenied().serializeBinary(), 'event_store.client.AccessDenied')));
          break;
        }
        case 'timeout': {
          response.setError(rpcStatus(status.DEADLINE_EXCEEDED, 'Timeout', packed(new Timeout().serializeBinary(), 'event_store.client.Timeout')));
          break;
        }
        case 'answer':
          fillBatchResponse(response, streamName, expected, decision.outcome);
          break;
      }
      call.write(response);
    })();
  });
}

