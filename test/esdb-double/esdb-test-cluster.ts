/**
 * TEST DOUBLE, NOT A CLUSTER. Several `EsdbTestDouble` nodes on 127.0.0.1 that share one
 * in-memory log, one of them the leader: enough of an EventStoreDB cluster for the adapter's
 * failover tests. Clients find the leader through `Gossip.Read`, as with a real cluster; a
 * follower answers calls that need the leader with "not the leader" and the leader's address; a
 * leader change moves that role; a stopped node is reported dead by the others.
 *
 * What a real cluster does and this does not: elections (the test names the new leader), and
 * replication (the nodes share one log, so a follower is never behind and nothing written is
 * lost in a failover; the lost-write cases are the single node's faults).
 */
import { MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { EsdbTestDouble } from './esdb-test-double';
import { memberInfo } from './esdb-wire';
import type { EsdbTestDoubleOptions } from './esdb-test-double';
import { InMemoryLog } from './in-memory-log';

const host = '127.0.0.1';

export class EsdbTestCluster {
  private leaderIndex: number | undefined = 0;

  private constructor(
    readonly log: InMemoryLog,
    readonly nodes: EsdbTestDouble[],
  ) {}

  /** Starts `nodeCount` nodes (three by default), the first one the leader. */
  static async start(options: Omit<EsdbTestDoubleOptions, 'log' | 'cluster' | 'port'> & { readonly nodeCount?: number } = {}): Promise<EsdbTestCluster> {
    const log = new InMemoryLog(options);
    const nodes: EsdbTestDouble[] = [];
    const cluster = new EsdbTestCluster(log, nodes);
    for (let index = 0; index < (options.nodeCount ?? 3); index++) {
      nodes.push(
        await EsdbTestDouble.start({
          ...options,
          log,
          cluster: {
            isLeader: () => cluster.leaderIndex === index,
            leader: () => (cluster.leaderIndex === undefined ? undefined : { host, port: nodes[cluster.leaderIndex].port }),
            members: () => cluster.members(),
          },
        }),
      );
    }
    return cluster;
  }

  /** Every node as a gossip seed; the client discovers the leader (`nodePreference=leader`). */
  get connectionString(): string {
    return `esdb://${this.nodes.map((node) => `${host}:${node.port}`).join(',')}?tls=false&nodePreference=leader&discoveryInterval=20&gossipTimeout=1&maxDiscoverAttempts=50`;
  }

  get leader(): EsdbTestDouble | undefined {
    return this.leaderIndex === undefined ? undefined : this.nodes[this.leaderIndex];
  }

  /** Hands leadership to another node, as an election after a leader stepped down would. */
  electLeader(index: number | undefined): void {
    this.leaderIndex = index;
  }

  /** Kills the leader, and after `electionMs` makes `next` the leader, as a cluster's election would. */
  async failOver(next: number, electionMs = 100): Promise<void> {
    const old = this.leader;
    this.leaderIndex = undefined;
    await old?.stop();
    await new Promise((resolve) => setTimeout(resolve, electionMs));
    this.leaderIndex = next;
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) await node.stop();
  }

  private members(): MemberInfo[] {
    return this.nodes.map((node, index) =>
      memberInfo(node.instanceId, host, node.port, index === this.leaderIndex ? MemberInfo.VNodeState.LEADER : MemberInfo.VNodeState.FOLLOWER, node.running),
    );
  }
}
