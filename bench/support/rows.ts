import type { ScenarioRow, TargetCheck } from '../results';

/** Only the figures that were measured: a rate or latency of zero, or a missing one, means "not measured". */
export function positive(figures: Record<string, number | null | undefined>): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [name, value] of Object.entries(figures)) if (typeof value === 'number' && Number.isFinite(value) && value > 0) kept[name] = value;
  return kept;
}

/** A target and whether the figure meets it; `met` is null while the figure is missing. */
export function check(name: string, target: string, actual: number | null, met: (value: number) => boolean): TargetCheck {
  return { name, target, actual, met: actual === null ? null : met(actual) };
}

/** A scenario that ran and threw: the first line of the error is the reason shown in the table. */
export function failedRow(id: string, title: string, error: unknown): ScenarioRow {
  const message = error instanceof Error ? error.message : String(error);
  return { id, title, status: 'failed', reason: `failed: ${message.split('\n')[0]}`, figures: {}, counts: {}, ratios: {}, targets: [], notes: [], details: { error: message } };
}

/** Why a row read from the rebuilt store has no figure when nothing was rebuilt: no store of the rebuild's size was generated. */
export const noRebuildReason = "pending: no store of the rebuild's size was measured";

/** A scenario that could not run (its peer, its server or its store is missing); the reason starts with "skipped" or "pending". */
export function pendingRow(id: string, title: string, reason: string, targets: readonly TargetCheck[], notes: readonly string[] = []): ScenarioRow {
  return { id, title, status: reason.startsWith('skipped') ? 'skipped' : 'pending', reason, figures: {}, counts: {}, ratios: {}, targets, notes };
}
