import type { ScenarioRow } from '../results';
import type { RebuildOutput } from '../scenarios/projections';
import type { BenchContext } from '../support/bench-context';
import type { Attempt } from '../support/rounds';
import { check, failedRow, noRebuildReason, pendingRow, positive } from '../support/rows';
import type { BenchSize } from '../sizes';

/** Queries timed at the tiny size: enough for a p99 that proves the query runs, not for a figure. */
const rollUpQueriesTiny = 50;
/** Queries timed at the sizes that report figures: five samples past the 99th percentile. */
const rollUpQueriesMeasured = 500;

/** How many roll-up queries the rebuild's process times on the store it has just rebuilt. */
export function rollUpQueriesFor(size: BenchSize): number {
  return size === 'tiny' ? rollUpQueriesTiny : rollUpQueriesMeasured;
}

/**
 * The province subtree summary on the rebuilt read store of the rebuild's size. It has no
 * reference: its target is a latency an operator's screen can wait for, on any machine.
 */
export function rollUpRow(context: BenchContext, rebuild: Attempt<RebuildOutput> | null): ScenarioRow {
  const title = `Roll-up query: province subtree summary, ${context.settings.rebuildEvents.toLocaleString('en')} events`;
  const rollUp = rebuild?.ok ? rebuild.value.rollUp : null;
  if (rollUp) {
    return {
      id: 'roll-up',
      title,
      status: 'measured',
      figures: positive({ p50Ms: rollUp.latencyMs.p50, p90Ms: rollUp.latencyMs.p90, p99Ms: rollUp.latencyMs.p99, maxMs: rollUp.latencyMs.max }),
      counts: { queries: rollUp.queries, fundingLines: rollUp.lines },
      ratios: {},
      targets: [check('p99 latency (ms)', '≤ 20', rollUp.latencyMs.p99, (value) => value <= 20)],
      notes: [`localityRollup(province ${rollUp.localityId}, every funding line) on the rebuilt read store, one query at a time, after as many unmeasured`],
      details: rollUp,
    };
  }
  if (rebuild && !rebuild.ok) return failedRow('roll-up', title, rebuild.error);
  const reason = rebuild ? 'pending: no roll-up query measured' : noRebuildReason;
  return pendingRow('roll-up', title, reason, [check('p99 latency (ms)', '≤ 20', null, () => false)]);
}
