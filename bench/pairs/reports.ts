import type { ScenarioRow } from '../results';
import type { RebuildOutput } from '../scenarios/projections';
import type { BenchContext } from '../support/bench-context';
import type { Attempt } from '../support/rounds';
import type { BenchSize } from '../sizes';
import { check, failedRow, noRebuildReason, pendingRow, positive } from '../support/rows';

/**
 * Each report query timed this many times at the tiny size (it proves the queries run), and at the
 * sizes that report figures: a report query reads a subtree several times over (the period, the
 * previous period, a year earlier, carried-over capital), so at 1,000,000 events fifty samples keep
 * the row to minutes; their p99 is their maximum but one.
 */
const reportQueriesTiny = 5;
const reportQueriesMeasured = 50;
/** The targets at 1,000,000 events: a report query's p99, and the dashboard's first view of a province. */
const reportP99TargetMs = 50;
const dashboardProvinceTargetMs = 2_000;

export function reportQueriesFor(size: BenchSize): number {
  return size === 'tiny' ? reportQueriesTiny : reportQueriesMeasured;
}

/** The slowest report query's p99, and the dashboard's province view, on the store the rebuild has just rebuilt. */
export function reportRows(context: BenchContext, rebuild: Attempt<RebuildOutput> | null): ScenarioRow[] {
  const events = context.settings.rebuildEvents.toLocaleString('en');
  const queriesTitle = `Report queries: progress by period, monthly curve, idle money, ${events} events`;
  const dashboardTitle = `Dashboard: first view of a province (its row, its districts, its curve), ${events} events`;
  const reports = rebuild?.ok ? rebuild.value.reports : null;
  if (reports) {
    const slowest = Object.entries(reports.latencyMs).reduce((worst, entry) => (entry[1].p99 > worst[1].p99 ? entry : worst));
    return [
      {
        id: 'report-queries',
        title: queriesTitle,
        status: 'measured',
        figures: positive({ slowestP99Ms: slowest[1].p99, ...Object.fromEntries(Object.values(reports.latencyMs).map((latency, index) => [`p99MsQuery${index + 1}`, latency.p99])) }),
        counts: { queriesEach: reports.queries, kinds: Object.keys(reports.latencyMs).length },
        ratios: {},
        targets: [check('slowest p99 latency (ms)', `≤ ${reportP99TargetMs}`, slowest[1].p99, (value) => value <= reportP99TargetMs)],
        notes: [`queries, in order: ${Object.keys(reports.latencyMs).join('; ')}; the slowest: ${slowest[0]}`, 'plan year 2024, as of September with August and a year earlier beside it, per budget source, with carried-over capital'],
        details: reports,
      },
      {
        id: 'dashboard-province',
        title: dashboardTitle,
        status: 'measured',
        figures: positive({ p50Ms: reports.dashboardProvinceMs.p50, p99Ms: reports.dashboardProvinceMs.p99, maxMs: reports.dashboardProvinceMs.max }),
        counts: { views: reports.queries },
        ratios: {},
        targets: [check('p99 of the view’s queries (ms)', `≤ ${dashboardProvinceTargetMs}`, reports.dashboardProvinceMs.p99, (value) => value <= dashboardProvinceTargetMs)],
        notes: ['the three report queries the dashboard sends for a province, one after another on the read store; the browser’s rendering is not included (the browser test logs a whole first view on the demo store)'],
        details: reports.dashboardProvinceMs,
      },
    ];
  }
  if (rebuild && !rebuild.ok) return [failedRow('report-queries', queriesTitle, rebuild.error), failedRow('dashboard-province', dashboardTitle, rebuild.error)];
  const reason = rebuild ? 'pending: no report query measured' : noRebuildReason;
  return [
    pendingRow('report-queries', queriesTitle, reason, [check('slowest p99 latency (ms)', `≤ ${reportP99TargetMs}`, null, () => false)]),
    pendingRow('dashboard-province', dashboardTitle, reason, [check('p99 of the view’s queries (ms)', `≤ ${dashboardProvinceTargetMs}`, null, () => false)]),
  ];
}
