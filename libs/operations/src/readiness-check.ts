import { Injectable } from '@nestjs/common';
import type { LedgerMetrics } from './ledger-metrics';

export interface ReadinessReport {
  readonly healthy: boolean;
  readonly details: Record<string, string | number | boolean | null>;
}

/** A part of the ledger that reports its health (a subscriber, a read store) and its metrics. */
export interface ReadinessCheck {
  readonly name: string;
  probe(): Promise<ReadinessReport>;
  refreshMetrics?(metrics: LedgerMetrics): Promise<void>;
}

/**
 * The checks `/health/ready` and `/metrics` ask, in the order they were added. Each module that
 * runs something in this process adds its own check when it starts, so a process reports exactly
 * what it runs.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    if (this.checks.some((existing) => existing.name === check.name)) throw new Error(`a readiness check named ${check.name} is already added`);
    this.checks.push(check);
  }

  get all(): readonly ReadinessCheck[] {
    return this.checks;
  }
}
