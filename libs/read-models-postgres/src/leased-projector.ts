import type { Projector } from '@ledger/read-models';
import type { ProjectorLease, ProjectorLeaseLostError } from './projector-lease';

/**
 * Runs a projector only while this process holds the lease: `start()` waits for the lease and then
 * starts the projector; `stop()` stops it and releases the lease (or gives up waiting for it). If
 * the lease is lost, the projector is stopped at once and `onLost` is told, so the process can exit
 * or start waiting again.
 *
 * Between the loss and the stop a batch may still be in flight; it cannot be applied twice, since
 * each batch moves its checkpoint with a compare-and-set that the new holder's batches also use.
 */
export class LeasedProjector {
  private waiting: AbortController | undefined;
  private unsubscribe: (() => void) | undefined;
  private stoppingAfterLoss: Promise<void> | undefined;
  private projectorStarted = false;
  private projectorStarting: Promise<void> | undefined;

  constructor(
    private readonly lease: ProjectorLease,
    private readonly projector: Projector,
    private readonly onLost: (error: ProjectorLeaseLostError) => void,
  ) {}

  get leaseHeld(): boolean {
    return this.lease.held;
  }

  /** Resolves once the lease is held and the projector started; rejects if `signal` is aborted or `stop()` called while waiting. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.waiting || this.lease.held) throw new Error('the leased projector is already started');
    const waiting = new AbortController();
    this.waiting = waiting;
    try {
      await this.lease.acquire(signal ? AbortSignal.any([signal, waiting.signal]) : waiting.signal);
      // stop() may have been called just as the lock was granted.
      waiting.signal.throwIfAborted();
    } catch (error) {
      await this.lease.release();
      throw error;
    } finally {
      if (this.waiting === waiting) this.waiting = undefined;
    }
    this.stoppingAfterLoss = undefined;
    this.unsubscribe = this.lease.onLost((error) => {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      this.projectorStarted = false;
      // A start in progress finishes first, or the projector would run on after this stop. The lease
      // is gone whatever the stop reports; the owner hears of the loss once the projector has stopped.
      this.stoppingAfterLoss = (this.projectorStarting ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => this.projector.stop())
        .catch(() => undefined)
        .then(() => this.onLost(error));
    });
    this.projectorStarted = true;
    this.projectorStarting = this.projector.start();
    try {
      await this.projectorStarting;
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      this.projectorStarting = undefined;
    }
  }

  async stop(): Promise<void> {
    this.waiting?.abort(new Error('the projector was stopped while waiting for its lease'));
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.stoppingAfterLoss) await this.stoppingAfterLoss;
    else if (this.projectorStarted) await this.projector.stop();
    this.projectorStarted = false;
    await this.lease.release();
  }
}
