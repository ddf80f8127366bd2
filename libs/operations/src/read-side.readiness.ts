import { sql } from 'kysely';
import type { ReadSide } from '@ledger/read-models';
import type { LedgerMetrics } from './ledger-metrics';
import type { ReadinessCheck, ReadinessReport } from './readiness-check';

/** Parked events named one by one in the readiness details; the count covers them all. */
export const readinessParkedEventsNamedMax = 10;

/**
 * Reports the read store (it answers) and each projection's position and lag. A process that only
 * reads a store kept by another (`LEDGER_PROJECTIONS=false`), or that waits for the projector lease,
 * is ready as long as the store answers; a runner that keeps failing is not.
 *
 * Parked events leave the read side serving: it is ready but `degraded`, and each parked event is
 * named (`parked.{projection}.{position}`: type, event id, code). Failures show as codes; the
 * error's own text is in the log only.
 */
export class ReadSideReadiness implements ReadinessCheck {
  readonly name = 'readModels';

  constructor(private readonly readModels: ReadSide) {}

  async probe(): Promise<ReadinessReport> {
    await sql`select 1`.execute(this.readModels.reader);
    const status = await this.readModels.status();
    const failure = status.runner.failure;
    const details: Record<string, string | number | boolean | null> = {
      headPosition: status.headPosition.toString(),
      runner: status.runner.state,
      failure: failure?.code ?? null,
      degraded: status.degraded,
      parkedEvents: status.projections.reduce((sum, projection) => sum + projection.parkedEvents, 0),
    };
    if (failure) {
      details.failureAfterPosition = failure.afterPosition.toString();
      details.failureAttempts = failure.attempts;
      if (failure.projection) details.failureProjection = failure.projection;
    }
    for (const projection of status.projections) {
      details[`${projection.name}.position`] = projection.position.toString();
      details[`${projection.name}.lagEvents`] = projection.lagEvents.toString();
      if (projection.parkedEvents > 0) details[`${projection.name}.parkedEvents`] = projection.parkedEvents;
    }
    for (const parked of status.parkedEvents.slice(0, readinessParkedEventsNamedMax)) {
      details[`parked.${parked.projection}.${parked.position.toString()}`] = `${parked.eventType} ${parked.eventId} ${parked.code}`;
    }
    return { healthy: failure === null, details };
  }

  async refreshMetrics(metrics: LedgerMetrics): Promise<void> {
    const status = await this.readModels.status();
    for (const projection of status.projections) {
      metrics.projectionPosition.set({ projection: projection.name }, Number(projection.position));
      metrics.projectionLag.set({ projection: projection.name }, Number(projection.lagEvents));
      metrics.projectionEventsParked.set({ projection: projection.name }, projection.parkedEvents);
    }
  }
}
