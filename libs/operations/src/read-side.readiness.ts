import { sql } from 'kysely';
import type { LedgerMetrics } from './ledger-metrics';
import type { ReadinessCheck, ReadinessReport } from './readiness-check';
import type { ReadSide } from '@ledger/read-models';

/**
 * Reports the read store (it answers) and each projection's position and lag. A process that only
 * reads a store kept by another (`LEDGER_PROJECTIONS=false`), or that waits for the projector lease,
 * is ready as long as the store answers; a runner that failed is not.
 */
export class ReadSideReadiness implements ReadinessCheck {
  readonly name = 'readModels';

  constructor(private readonly readModels: ReadSide) {}

  async probe(): Promise<ReadinessReport> {
    await sql`select 1`.execute(this.readModels.reader);
    const status = await this.readModels.status();
    const details: Record<string, string | number | boolean | null> = {
      headPosition: status.headPosition.toString(),
      runner: status.runner.state,
      failure: status.runner.failure,
    };
    for (const projection of status.projections) {
      details[`${projection.name}.position`] = projection.position.toString();
      details[`${projection.name}.lagEvents`] = projection.lagEvents.toString();
    }
    return { healthy: status.runner.failure === null, details };
  }

  async refreshMetrics(metrics: LedgerMetrics): Promise<void> {
    const status = await this.readModels.status();
    for (const projection of status.projections) {
      metrics.projectionPosition.set({ projection: projection.name }, Number(projection.position));
      metrics.projectionLag.set({ projection: projection.name }, Number(projection.lagEvents));
    }
  }
}
