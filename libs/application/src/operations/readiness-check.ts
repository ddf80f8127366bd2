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

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
