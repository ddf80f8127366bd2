/**
 * TEST DOUBLE, NOT A SERVER. A small gRPC endpoint that speaks enough of EventStoreDB's wire
 * protocol (the `event_store.client.streams.Streams` and `event_store.client.gossip.Gossip`
 * services, with the message classes generated inside `@eventstore/db-client`) for the
 * EventStoreDB adapter to run its contract suite and its failure tests without Docker. It keeps
 * its data in memory (`InMemoryLog`) and can be stopped and restarted on the same port with that
 * data, so crashes and reconnects can be tested; several nodes can share one log as a cluster
 * (`esdb-test-cluster.ts`).
 *
 * Stricter than a server in one way: reads and subscriptions of `$all` must start at a record's
 * position. Positions are byte offsets in a real log, and what a server does when asked to start
 * in the middle of a record is nothing the adapter should depend on.
 *
 * What it implements, as the server does (see README.md for the details copied):
 * - `Streams.Append` and, advertised through `ServerFeatures` (the default, as servers since
 *   21.10), `Streams.BatchAppend`; conflicts, idempotent repeats, the maximum append size and
 *   KurrentDB 25's maximum event size, deleted streams, access denied;
 * - `Streams.Read` of one stream and of `$all`, and `$all` subscriptions with server-side
 *   filters, checkpoints and (optionally) the caught-up message;
 * - `Streams.Delete` (soft delete) and `Streams.Tombstone`;
 * - `Gossip.Read`, and "not the leader" answers from a follower;
 * - with `security`: TLS, basic authentication, and the ACL rules the adapter meets (only admins
 *   and the roles given may read `$all`; anonymous clients may do nothing);
 * - faults on demand (`injectAppendFault`, `crashAfterSubscriptionEvents`).
 *
 * What it leaves out: persistence, scavenging, projections (no `$by_event_type` links unless
 * asked for), persistent subscriptions, users and stream-metadata services, subscriptions to one
 * stream. Timings, limits and error texts are only close enough for the adapter's tests.
 */
import { randomUUID } from 'node:crypto';
import { Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerDuplexStream, ServerReadableStream, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, DeleteReq, DeleteResp, ReadReq, ReadResp, TombstoneReq, TombstoneResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { serveAppend, serveBatchAppend, type ActiveCall, type AppendDecision, type AppendingNode } from './esdb-double-appends';
import { readAll, readStream, subscribeToAll } from './esdb-double-reads';
import { InMemoryLog } from './in-memory-log';
import type { DoubleExpectedRevision, InMemoryLogOptions, ProposedRecord } from './in-memory-log';
import { type Principal, type Refusal, streamsServiceWithCachedEvents, memberInfo, isPrincipal, notLeaderRefusal, accessDeniedError, unimplemented, serviceError, fail, streamNameOf, supportedMethods } from './esdb-wire';

export interface DoubleSecurity {
  /** PEM certificate chain and private key the node serves TLS with. */
  readonly certificateChain: Buffer;
  readonly privateKey: Buffer;
  /** The users the node knows, with their groups. Members of `$admins` may do anything. */
  readonly users: Readonly<Record<string, { readonly password: string; readonly groups?: readonly string[] }>>;
  /** Users or groups, besides `$admins`, that may read `$all`: the read roles of `$all`'s ACL. */
  readonly allReadRoles?: readonly string[];
}

/** How a node of a cluster learns its role and its peers (see `EsdbTestCluster`). */
export interface DoubleClusterRole {
  isLeader(): boolean;
  /** The leader's address, for "not the leader" answers; undefined during an election. */
  leader(): { readonly host: string; readonly port: number } | undefined;
  members(): MemberInfo[];
}

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
  /** TLS, users and ACLs; without it the node runs as `--insecure` does. */
  readonly security?: DoubleSecurity;
  /** The log to serve: a cluster's nodes share one. A new log when absent. */
  readonly log?: InMemoryLog;
  /** The node's place in a cluster; a single node is its own leader. */
  readonly cluster?: DoubleClusterRole;
}

/**
 * Faults an append can meet, each as a real node or network would produce it:
 * - `crash-before-write`: the node stops (every call drops) before writing;
 * - `crash-after-write`: the node writes, then stops before answering;
 * - `lose-answer`: the node writes; the answer is lost as on a dropped connection (UNAVAILABLE);
 * - `stall`: the node neither writes nor answers, until the client gives up on the call;
 * - `drop-repeat`: the next append that repeats one already stored is dropped, as a server drops
 *   a repeat whose original is not yet replicated, and answered with a timeout;
 * - `not-leader`: the node answers "not the leader", naming itself as the leader (a node that
 *   has just lost and regained leadership).
 */
export type AppendFault = 'crash-before-write' | 'crash-after-write' | 'lose-answer' | 'stall' | 'drop-repeat' | 'not-leader';

/** How long the double takes to answer a dropped repeat, as the server's write timeout would. */
const dropRepeatAnswerDelayMs = 30;
const host = '127.0.0.1';

export class EsdbTestDouble {
  readonly log: InMemoryLog;
  private server: Server | undefined = undefined;
  private boundPort: number;
  private readonly sendCaughtUp: boolean;
  private readonly appendProtocol: 'append' | 'batch-append';
  private readonly security: DoubleSecurity | undefined;
  private readonly cluster: DoubleClusterRole | undefined;
  private readonly activeCalls = new Set<ActiveCall>();
  /** The node as its append handlers see it. */
  private readonly appending: AppendingNode = {
    principalOf: (metadata) => this.principalOf(metadata),
    notLeader: () => this.notLeader(),
    decideAppend: (streamName, expected, proposed, principal) => this.decideAppend(streamName, expected, proposed, principal),
    activeCalls: this.activeCalls,
  };
  private subscriptionCount = 0;
  private readonly appendFaults: Array<{ readonly fault: AppendFault; readonly stream: string | undefined }> = [];
  private subscriptionEventsBeforeCrash: number | undefined = undefined;
  private notLeaderAnswerCount = 0;
  /** The read roles of `$all` once an admin has set its ACL (metadata in `$$$all`), as the server keeps them. */
  private allReadRolesSet: readonly string[] | undefined = undefined;
  readonly instanceId = randomUUID();

  private constructor(options: EsdbTestDoubleOptions) {
    this.log = options.log ?? new InMemoryLog(options);
    this.boundPort = options.port ?? 0;
    this.sendCaughtUp = options.sendCaughtUp ?? true;
    this.appendProtocol = options.appendProtocol ?? 'batch-append';
    this.security = options.security;
    this.cluster = options.cluster;
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

  get running(): boolean {
    return this.server !== undefined;
  }

  /** What the adapter is given: a single node, no TLS (with `security`, a TLS string needs a user and the CA). */
  get connectionString(): string {
    return `esdb://${host}:${this.boundPort}?tls=false`;
  }

  /** How many calls this node answered with "not the leader". */
  get notLeaderAnswers(): number {
    return this.notLeaderAnswerCount;
  }

  /** How many `$all` subscriptions have been opened since the start (reconnects included). */
  get subscriptionsOpened(): number {
    return this.subscriptionCount;
  }

  /**
   * The next append (to `stream`, or to any stream not `$`-prefixed) meets `fault`; `times`
   * appends in a row when given.
   */
  injectAppendFault(fault: AppendFault, options: { readonly stream?: string; readonly times?: number } = {}): void {
    for (let index = 0; index < (options.times ?? 1); index++) this.appendFaults.push({ fault, stream: options.stream });
  }

  /** The next append to `streamName` is written, and then answered with UNAVAILABLE instead of its result. */
  loseAnswerOfNextAppendTo(streamName: string): void {
    this.injectAppendFault('lose-answer', { stream: streamName });
  }

  /** The node stops, as killed, once its subscriptions have sent `eventCount` more events. */
  crashAfterSubscriptionEvents(eventCount: number): void {
    this.subscriptionEventsBeforeCrash = eventCount;
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
      append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => serveAppend(this.appending, call, callback),
      read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
        this.read(call).catch((error: unknown) => {
          fail(call, status.INTERNAL, error instanceof Error ? error.message : String(error));
        });
      },
      delete: (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) => this.delete(call, callback),
      tombstone: (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => this.tombstone(call, callback),
      batchAppend:
        this.appendProtocol === 'batch-append'
          ? (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => serveBatchAppend(this.appending, call)
          : unimplemented('BatchAppend'),
    };
    server.addService(streamsServiceWithCachedEvents, implementation);
    server.addService(GossipService, {
      read: (_call: unknown, callback: sendUnaryData<ClusterInfo>) => callback(null, this.clusterInfo()),
    });
    if (this.appendProtocol === 'batch-append') {
      server.addService(ServerFeaturesService, {
        getSupportedMethods: (_call: unknown, callback: sendUnaryData<SupportedMethods>) => callback(null, supportedMethods()),
      });
    }
    const credentials =
      this.security === undefined
        ? ServerCredentials.createInsecure()
        : ServerCredentials.createSsl(null, [{ cert_chain: this.security.certificateChain, private_key: this.security.privateKey }], false);
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${this.boundPort}`, credentials, (error, port) => (error ? reject(error) : resolve(port)));
    });
    this.server = server;
  }

  // Security and roles

  /** Who sent the call: a user, anonymous, or a refusal for credentials that do not check out. */
  private principalOf(metadata: Metadata): Principal | Refusal {
    if (this.security === undefined) return { name: '$system', roles: new Set(['$admins']) };
    const [header] = metadata.get('authorization');
    if (header === undefined) return { name: '$anonymous', roles: new Set() };
    const match = /^Basic (.+)$/.exec(String(header));
    const decoded = match === null ? '' : Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? undefined : this.security.users[decoded.slice(0, colon)];
    if (user === undefined || user.password !== decoded.slice(colon + 1)) return { code: status.UNAUTHENTICATED, details: 'Unauthenticated' };
    const name = decoded.slice(0, colon);
    return { name, roles: new Set([name, ...(user.groups ?? [])]) };
  }

  /** May the principal do this? Admins may do anything; `$all` is read by its read roles; anonymous clients by nobody. */
  private allowed(principal: Principal, action: 'read' | 'write', stream: string): boolean {
    if (principal.roles.has('$admins')) return true;
    if (principal.name === '$anonymous') return false;
    if (stream === '$all') return action === 'read' && (this.allReadRolesSet ?? this.security?.allReadRoles ?? []).some((role) => principal.roles.has(role) || role === '$all');
    return !stream.startsWith('$');
  }

  /** A call a follower must hand to the leader, or undefined when this node serves it. */
  private notLeader(): Refusal | undefined {
    if (this.cluster === undefined || this.cluster.isLeader()) return undefined;
    this.notLeaderAnswerCount++;
    const leader = this.cluster.leader();
    if (leader === undefined) return { code: status.UNKNOWN, details: 'No leader info available in response' };
    return notLeaderRefusal(leader.host, leader.port);
  }

  private clusterInfo(): ClusterInfo {
    const info = new ClusterInfo();
    if (this.cluster !== undefined) {
      info.setMembersList(this.cluster.members());
      return info;
    }
    info.setMembersList([memberInfo(this.instanceId, host, this.boundPort, MemberInfo.VNodeState.LEADER, true)]);
    return info;
  }

  // Appends, whatever the protocol (their messages are in esdb-double-appends.ts)

  /**
   * Decides an append as the node would, with the faults injected for it. Crashes stop the node
   * here; the caller answers (or not) with the protocol's messages.
   */
  private async decideAppend(streamName: string, expected: DoubleExpectedRevision, proposed: ProposedRecord[], principal: Principal): Promise<AppendDecision> {
    this.log.stats.appendCalls++;
    const faultIndex = this.appendFaults.findIndex(({ fault, stream }) => {
      if (stream !== undefined ? stream !== streamName : streamName.startsWith('$')) return false;
      return fault !== 'drop-repeat' || this.log.decide(streamName, expected, proposed).kind === 'idempotent';
    });
    const fault = faultIndex < 0 ? undefined : this.appendFaults.splice(faultIndex, 1)[0].fault;
    if (fault === 'not-leader') return { kind: 'refuse', refusal: notLeaderRefusal(host, this.boundPort) };
    if (!this.allowed(principal, 'write', streamName)) return { kind: 'access-denied' };
    switch (fault) {
      case 'crash-before-write':
        void this.stop();
        return { kind: 'no-answer' };
      case 'stall':
        return { kind: 'no-answer' };
      case 'drop-repeat':
        await new Promise((resolve) => setTimeout(resolve, dropRepeatAnswerDelayMs));
        return { kind: 'timeout' };
      default:
        break;
    }
    const outcome = this.log.append(streamName, expected, proposed);
    if (outcome.kind === 'written' && streamName === '$$$all') this.noteAllStreamAcl(proposed);
    if (fault === 'crash-after-write') {
      void this.stop();
      return { kind: 'no-answer' };
    }
    if (fault === 'lose-answer') return { kind: 'refuse', refusal: { code: status.UNAVAILABLE, details: 'Connection dropped (answer lost by the test double)' } };
    return { kind: 'answer', outcome };
  }

  // Streams.Delete and Streams.Tombstone

  private delete(call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void {
    const options = call.request.getOptions() as DeleteReq.Options;
    this.removeStream(call.metadata, streamNameOf(options.getStreamIdentifier()), (streamName) => this.log.softDelete(streamName), new DeleteResp(), callback);
  }

  private tombstone(call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>): void {
    const options = call.request.getOptions() as TombstoneReq.Options;
    this.removeStream(call.metadata, streamNameOf(options.getStreamIdentifier()), (streamName) => this.log.tombstone(streamName), new TombstoneResp(), callback);
  }

  /** A delete or a tombstone: refused as a write is, else done and answered without a position, as the server answers both. */
  private removeStream<Response extends DeleteResp | TombstoneResp>(metadata: Metadata, streamName: string, remove: (streamName: string) => void, response: Response, callback: sendUnaryData<Response>): void {
    const refusal = this.refusalForWrite(metadata, streamName);
    if (refusal !== undefined) return callback(refusal);
    remove(streamName);
    response.setNoPosition(new Empty());
    callback(null, response);
  }

  private refusalForWrite(metadata: Metadata, streamName: string): Error | undefined {
    const principal = this.principalOf(metadata);
    if (!isPrincipal(principal)) return serviceError(principal.code, principal.details);
    const refusedToFollow = this.notLeader();
    if (refusedToFollow !== undefined) return serviceError(refusedToFollow.code, refusedToFollow.details, refusedToFollow.metadata);
    if (!this.allowed(principal, 'write', streamName)) return accessDeniedError();
    return undefined;
  }

  // Streams.Read

  private async read(call: ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (options === undefined) {
      fail(call, status.INVALID_ARGUMENT, 'a read needs options');
      return;
    }
    const principal = this.principalOf(call.metadata);
    if (!isPrincipal(principal)) {
      call.emit('error', serviceError(principal.code, principal.details));
      return;
    }
    const [requiresLeader] = call.metadata.get('requires-leader');
    const refusedToFollow = String(requiresLeader) === 'true' ? this.notLeader() : undefined;
    if (refusedToFollow !== undefined) {
      call.emit('error', serviceError(refusedToFollow.code, refusedToFollow.details, refusedToFollow.metadata));
      return;
    }
    const stream = options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.STREAM ? streamNameOf((options.getStream() as ReadReq.Options.StreamOptions).getStreamIdentifier()) : '$all';
    if (!this.allowed(principal, 'read', stream)) {
      call.emit('error', accessDeniedError());
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
        if (!(await readStream(this.log, call, options, isCancelled))) return;
      } else if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
        this.subscriptionCount++;
        await subscribeToAll(this.log, call, options, isCancelled, whenCancelled, { sendCaughtUp: this.sendCaughtUp, eventSent: () => this.countSubscriptionEvent() });
        return;
      } else {
        await readAll(this.log, call, options, isCancelled);
      }
      if (!cancelled) call.end();
    } finally {
      this.activeCalls.delete(tracked);
    }
  }

  /** `$all`'s metadata, as `setStreamMetadata('$all', { acl })` writes it: `{"$acl":{"$r":[…]}}`. */
  private noteAllStreamAcl(proposed: readonly ProposedRecord[]): void {
    const last = proposed.at(-1);
    if (last === undefined || last.type !== '$metadata') return;
    const metadata = JSON.parse(Buffer.from(last.data).toString('utf8')) as { $acl?: { $r?: string | string[] } };
    const read = metadata.$acl?.$r;
    this.allReadRolesSet = read === undefined ? undefined : Array.isArray(read) ? read : [read];
  }

  private countSubscriptionEvent(): void {
    if (this.subscriptionEventsBeforeCrash === undefined) return;
    this.subscriptionEventsBeforeCrash--;
    if (this.subscriptionEventsBeforeCrash <= 0) {
      this.subscriptionEventsBeforeCrash = undefined;
      void this.stop();
    }
  }
}
