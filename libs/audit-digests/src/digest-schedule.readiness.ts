import type { LedgerMetrics, ReadinessCheck, ReadinessReport } from '@ledger/operations';
import type { DigestSchedule } from './digest-schedule';

/**
 * The digest schedule in health and metrics. A failing schedule leaves the process serving: it
 * is degraded, not down (as parked credits are), and health names the cause. A process with the
 * schedule configured that does not run it (an API replica beside the projector) says so.
 */
export class DigestScheduleReadiness implements ReadinessCheck {
  readonly name = 'auditDigests';

  constructor(
    private readonly schedule: DigestSchedule,
    private readonly intervalSeconds: number,
    /** True when this process runs the schedule (it runs the projections); false for a replica. */
    private readonly runsHere: boolean,
    /** True while this process waits for the projector lease, under which the schedule runs. */
    private readonly waitingForLease: () => boolean,
  ) {}

  async probe(): Promise<ReadinessReport> {
    if (!this.runsHere) return { healthy: true, details: { runsHere: false, intervalSeconds: this.intervalSeconds } };
    if (this.waitingForLease()) return { healthy: true, details: { runsHere: true, running: false, waitingForLease: true, intervalSeconds: this.intervalSeconds } };
    const status = this.schedule.status;
    return {
      healthy: true,
      details: {
        runsHere: true,
        running: status.running,
        degraded: status.consecutiveFailures > 0,
        intervalSeconds: this.intervalSeconds,
        lastPosition: status.lastDigest?.position ?? null,
        lastCreatedAt: status.lastDigest?.createdAt ?? null,
        made: status.made,
        skipped: status.skipped,
        failed: status.failed,
        consecutiveFailures: status.consecutiveFailures,
        lastFailureCode: status.lastFailure?.code ?? null,
        lastFailure: status.lastFailure?.message ?? null,
        lastFailureAt: status.lastFailure?.at ?? null,
        nextTickAt: status.nextTickAt,
      },
    };
  }

  async refreshMetrics(metrics: LedgerMetrics): Promise<void> {
    if (!this.runsHere) return;
    const { lastDigest, consecutiveFailures } = this.schedule.status;
    metrics.auditDigestLastPosition.set(lastDigest ? Number(lastDigest.position) : -1);
    metrics.auditDigestLastCreated.set(lastDigest ? Date.parse(lastDigest.createdAt) / 1000 : 0);
    metrics.auditDigestConsecutiveFailures.set(consecutiveFailures);
  }
}
