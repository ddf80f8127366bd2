import type { ScenarioRow } from '../results';
import type { RebuildInput, RebuildOutput } from '../scenarios/projections';
import type { RawSqliteInput, ReadParseOutput } from '../scenarios/raw-sqlite';
import { runScenario, storeStepTimeoutMs, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import type { GeneratedStore, StoreMeasurement } from '../support/generated-store';
import type { ProjectionsProbe } from '../support/projections-probe';
import { attempt, type Attempt } from '../support/rounds';
import { check, failedRow, pendingRow, positive } from '../support/rows';
import { reportQueriesFor } from './reports';
import { rollUpQueriesFor } from './roll-up';

/**
 * The rebuild of every read model against a raw better-sqlite3 read of the same events in order,
 * JSON parsed: what any rebuild must at least do. Both read the same generated store, one right
 * after the other, at every store size; the rows report the store of the rebuild's size, the
 * growth row the rest.
 */
export async function rebuildVsRawReadParseOnStore(
  context: BenchContext,
  store: GeneratedStore,
  projections: ProjectionsProbe,
): Promise<{ readonly rawReadParse: ReadParseOutput; readonly rebuild: Attempt<RebuildOutput> | null }> {
  const size = store.events.toLocaleString('en');
  context.step(`store of ${size} events: raw read-and-parse…`);
  const rawReadParse = await runScenario<ReadParseOutput>('raw-sqlite', { mode: 'read-parse', eventFile: store.eventFile } satisfies RawSqliteInput, { timeoutMs: storeStepTimeoutMs });
  if (!projections.rebuildAvailable) return { rawReadParse, rebuild: null };
  context.step(`store of ${size} events: rebuild of all read models…`);
  const input: RebuildInput = { eventFile: store.eventFile, rollUpQueries: rollUpQueriesFor(context.size), reportQueries: reportQueriesFor(context.size) };
  const rebuild = await attempt(() => runScenario<RebuildOutput>('projections', input, { timeoutMs: storeStepTimeoutMs }));
  return { rawReadParse, rebuild };
}

/** The reference's row and the rebuild's, from the store of the rebuild's size (undefined when none was measured). */
export function rebuildVsRawReadParseRows(context: BenchContext, store: StoreMeasurement | undefined, projections: ProjectionsProbe): ScenarioRow[] {
  const events = context.settings.rebuildEvents.toLocaleString('en');
  const reference = store?.rawReadParse ?? null;
  const referenceRow: ScenarioRow = reference
    ? {
        id: 'raw-read-parse',
        title: `Reference: raw better-sqlite3 read-and-parse of ${events} events`,
        status: 'measured',
        figures: positive({ eventsPerSecond: reference.eventsPerSecond, seconds: reference.seconds, peakRssMb: reference.peakRssMb, megabytesRead: reference.megabytesRead }),
        counts: { events: reference.events },
        ratios: {},
        targets: [],
        notes: ['every event in position order, JSON of data and metadata parsed; what any rebuild must at least do'],
        details: reference,
      }
    : failedRow('raw-read-parse', 'Reference: raw read-and-parse', store?.error ?? 'no store was generated');
  return [referenceRow, rebuildRow(`Rebuild of all read models from ${events} events`, store?.rebuild ?? null, reference, projections)];
}

function rebuildRow(title: string, rebuild: Attempt<RebuildOutput> | null, reference: ReadParseOutput | null, projections: ProjectionsProbe): ScenarioRow {
  if (rebuild && !rebuild.ok) return failedRow('rebuild', title, rebuild.error);
  if (!rebuild) {
    return pendingRow('rebuild', title, projections.rebuildReason || 'pending: projections not built yet', [
      check('× raw read-and-parse', '≥ 0.5', null, () => false),
      check('peak RSS (MB)', '≤ 300', null, () => false),
    ]);
  }
  const rebuilt = rebuild.value;
  const vsRaw = reference ? round(rebuilt.eventsPerSecond / reference.eventsPerSecond, 3) : null;
  return {
    id: 'rebuild',
    title,
    status: 'measured',
    figures: positive({ eventsPerSecond: rebuilt.eventsPerSecond, seconds: rebuilt.seconds, peakRssMb: rebuilt.peakRssMb }),
    counts: { events: rebuilt.events, projections: rebuilt.projections.length },
    ratios: vsRaw === null ? {} : { vsRawReadParse: vsRaw },
    targets: [check('× raw read-and-parse', '≥ 0.5', vsRaw, (value) => value >= 0.5), check('peak RSS (MB)', '≤ 300', rebuilt.peakRssMb, (value) => value <= 300)],
    notes: [`ProjectionRebuilder.run(${rebuilt.projections.join(', ')}) into a fresh SQLite read store, indexing and switching in included`],
    details: rebuilt,
  };
}
