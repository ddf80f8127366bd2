import { Public, Roles } from '@ledger/identity';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LEDGER_METRICS, type LedgerMetrics } from './ledger-metrics';
import { ReadinessChecks, type ReadinessCheck } from './readiness-check';

/** How long a store may take to answer a health probe before it counts as down. */
export const healthProbeTimeoutMs = 2_000;

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

@ApiTags('operations')
@Controller()
export class OperationsHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
    private readonly readinessChecks: ReadinessChecks,
  ) {}

  // Probes come from the orchestrator every few seconds and must never be refused for load.
  @SkipThrottle()
  @Public()
  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @SkipThrottle()
  @Public()
  @Get('health/ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the event store answers, and every subscriber reports its state (503 when one is down)' })
  ready() {
    return this.health.check([() => this.eventStoreHealth(), ...this.readinessChecks.all.map((check) => () => this.readiness(check))]);
  }

  @Get('metrics')
  @Roles('administrator')
  @ApiBearerAuth()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async prometheus(): Promise<string> {
    await Promise.all(this.readinessChecks.all.map((check) => check.refreshMetrics?.(this.metrics)));
    return this.metrics.registry.metrics();
  }

  private async eventStoreHealth(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('eventStore');
    try {
      const headPosition = await withTimeout(this.store.headPosition(), healthProbeTimeoutMs);
      return indicator.up({ headPosition: headPosition.toString() });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async readiness(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.name);
    try {
      const report = await withTimeout(check.probe(), healthProbeTimeoutMs);
      return report.healthy ? indicator.up(report.details) : indicator.down(report.details);
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
