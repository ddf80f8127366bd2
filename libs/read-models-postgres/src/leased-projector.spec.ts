import type { Projector } from '@ledger/read-models';
import { LeasedProjector } from './leased-projector';
import { ProjectorLeaseLostError, type ProjectorLease } from './projector-lease';

/** A lease granted by the test: `grant()` lets a waiting `acquire` through, `lose()` drops a held lease. */
class ManualLease implements ProjectorLease {
  held = false;
  private waiter: { resolve: () => void; reject: (reason: unknown) => void } | undefined;
  private readonly listeners = new Set<(error: ProjectorLeaseLostError) => void>();

  acquire(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      this.waiter = {
        resolve: () => {
          this.held = true;
          resolve();
        },
        reject,
      };
    });
  }

  grant(): void {
    this.waiter?.resolve();
  }

  lose(): void {
    this.held = false;
    for (const listener of [...this.listeners]) listener(new ProjectorLeaseLostError('test', new Error('connection reset')));
  }

  async release(): Promise<void> {
    this.held = false;
  }

  onLost(listener: (error: ProjectorLeaseLostError) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function recordingProjector(log: string[]): Projector {
  return {
    start: async () => {
      log.push('projector started');
    },
    stop: async () => {
      log.push('projector stopped');
    },
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('LeasedProjector', () => {
  it('starts the projector only once the lease is granted', async () => {
    const log: string[] = [];
    const lease = new ManualLease();
    const leased = new LeasedProjector(lease, recordingProjector(log), () => log.push('lost'));
    const started = leased.start();
    await settle();
    expect(log).toEqual([]);
    lease.grant();
    await started;
    expect([log, leased.leaseHeld]).toEqual([['projector started'], true]);
    await leased.stop();
    expect([log, leased.leaseHeld]).toEqual([['projector started', 'projector stopped'], false]);
  });

  it('stops the projector when the lease is lost, then tells the owner', async () => {
    const log: string[] = [];
    const lease = new ManualLease();
    const lost: ProjectorLeaseLostError[] = [];
    const leased = new LeasedProjector(lease, recordingProjector(log), (error) => {
      log.push('lost');
      lost.push(error);
    });
    const started = leased.start();
    lease.grant();
    await started;
    lease.lose();
    await settle();
    expect(log).toEqual(['projector started', 'projector stopped', 'lost']);
    expect(lost[0].message).toBe('the projector lease test was lost: connection reset');
    // Stopping afterwards does not stop the projector a second time.
    await leased.stop();
    expect(log).toEqual(['projector started', 'projector stopped', 'lost']);
  });

  it('a lease lost while the projector is starting stops it once its start has finished', async () => {
    const log: string[] = [];
    let finishStart: () => void = () => undefined;
    const projector: Projector = {
      start: () =>
        new Promise<void>((resolve) => {
          finishStart = () => {
            log.push('projector started');
            resolve();
          };
        }),
      stop: async () => {
        log.push('projector stopped');
      },
    };
    const lease = new ManualLease();
    const leased = new LeasedProjector(lease, projector, () => log.push('lost'));
    const started = leased.start();
    lease.grant();
    await settle();
    lease.lose();
    await settle();
    expect(log).toEqual([]);
    finishStart();
    await started;
    await settle();
    expect(log).toEqual(['projector started', 'projector stopped', 'lost']);
  });

  it('stop() while waiting gives up the wait and never starts the projector', async () => {
    const log: string[] = [];
    const leased = new LeasedProjector(new ManualLease(), recordingProjector(log), () => log.push('lost'));
    const started = leased.start();
    await leased.stop();
    await expect(started).rejects.toThrow('the projector was stopped while waiting for its lease');
    expect(log).toEqual([]);
  });
});
