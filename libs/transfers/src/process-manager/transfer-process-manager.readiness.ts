import { transferDebitEventTypes } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { LedgerMetrics, ReadinessCheck, ReadinessReport } from '@ledger/operations';
import { transferProcessManagerName, type TransferProcessManager } from './transfer-process-manager';

/** Pending transfers are counted up to this bound; beyond it the figure says "at least". */
export const pendingTransfersCountMax = 1_000;

/**
 * Reports the process manager's state and the transfers still waiting for their credit; in a
 * process that does not run it (an API replica beside a worker), says so.
 */
export class TransferProcessManagerReadiness implements ReadinessCheck {
  readonly name = 'transferProcessManager';
  private enabled = false;
  /** True while this process waits for the projector lease, under which the process manager runs. */
  private waitingForLease: () => boolean = () => false;

  constructor(
    private readonly processManager: TransferProcessManager,
    private readonly store: EventStore,
  ) {}

  /** Called by whatever runs the process manager in this process. */
  runsHere(waitingForLease: () => boolean = () => false): void {
    this.enabled = true;
    this.waitingForLease = waitingForLease;
  }

  /** Debits stored after the process manager's position: transfers in transit. */
  private async pendingTransfers(): Promise<number> {
    const position = this.processManager.position ?? -1n;
    const filter = { eventTypes: transferDebitEventTypes };
    // Reads start at a position the store gave out; the event at it is already credited.
    const pending = await this.store.readAll(position < 0n ? { maxCount: pendingTransfersCountMax, filter } : { fromPosition: position, maxCount: pendingTransfersCountMax + 1, filter });
    return pending.filter((event) => event.position > position).length;
  }

  async probe(): Promise<ReadinessReport> {
    if (!this.enabled) return { healthy: true, details: { runsHere: false } };
    // A standby worker is ready: it takes over when the holder of the lease stops.
    if (this.waitingForLease()) return { healthy: true, details: { runsHere: true, running: false, waitingForLease: true } };
    const { running, failure, inFlight } = this.processManager.status;
    const position = this.processManager.position ?? -1n;
    const parkedCredits = await this.processManager.countParked();
    // Parked credits leave the process serving: it is degraded, not down, and an operator acts on the list.
    return {
      healthy: running,
      details: {
        runsHere: true,
        running,
        degraded: parkedCredits > 0,
        failure,
        position: position.toString(),
        pendingTransfers: await this.pendingTransfers(),
        inFlight,
        parkedCredits,
      },
    };
  }

  async refreshMetrics(metrics: LedgerMetrics): Promise<void> {
    if (!this.enabled) return;
    metrics.projectionPosition.set({ projection: transferProcessManagerName }, Number(this.processManager.position ?? -1n));
    metrics.projectionLag.set({ projection: transferProcessManagerName }, await this.pendingTransfers());
    metrics.transfersInFlight.set(this.processManager.status.inFlight);
    metrics.transferCreditsParked.set(await this.processManager.countParked());
  }
}
