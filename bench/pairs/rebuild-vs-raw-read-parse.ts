import type { ScenarioRow, TargetCheck } from '../results';
import type { RebuildInput, RebuildOutput } from '../scenarios/projections';
import type { RawSqliteInput, ReadParseOutput } from '../scenarios/raw-sqlite';
import { runScenario, storeStepTimeoutMs, type BenchContext } from '../support/bench-context';
import { round } from '../support/driver';
import type { GeneratedStore, StoreMeasurement } from '../support/generated-store';
import { attempt, type Attempt } from '../support/rounds';
import { check, failedRow, noRebuildReason, pendingRow, positive } from '../support/rows';
import { reportQueriesFor } from './reports';
import { startPostgresServer } from '../../test/support/postgres';
import { rollUpQueriesFor } from './roll-up';

/** The PostgreSQL rebuild: measured, failed, or skipped with the reason (no server to be had). */
export type PostgresRebuild = Attempt<RebuildOutput> | { readonly skipped: string };

/**
 * The rebuild of every read model against a raw better-sqlite3 read of the same events in order,
 * JSON parsed: what any rebuild must at least do. Both read the same generated store, one right
 * after the other, at every store size; the rows report the store of the rebuild's size, the
 * growth row the rest.
 */
export async function rebuildVsRawReadParseOnStore(
  context: BenchContext,
  store: GeneratedStore,
): Promise<{ readonly rawReadParse: ReadParseOutput; readonly rebuild: Attempt<RebuildOutput> | null; readonly rebuildPostgres: PostgresRebuild | null }> {
  const size = store.events.toLocaleString('en');
  context.step(`store of ${size} events: raw read-and-parse…`);
  const rawReadParse = await runScenario<ReadParseOutput>('raw-sqlite', { mode: 'read-parse', eventFile: store.eventFile } satisfies RawSqliteInput, { timeoutMs: storeStepTimeoutMs });
  context.step(`store of ${size} events: rebuild of all read models…`);
  const input: RebuildInput = { eventFile: store.eventFile, rollUpQueries: rollUpQueriesFor(context.size), reportQueries: reportQueriesFor(context.size) };
  const rebuild = await attempt(() => runScenario<RebuildOutput>('projections', input, { timeoutMs: storeStepTimeoutMs }));
  // PostgreSQL only on the store of the rebuild's size: the row beside SQLite's.
  const rebuildPostgres = store.events === context.settings.rebuildEvents ? await rebuildOnPostgres(context, store.eventFile, size) : null;
  return { rawReadParse, rebuild, rebuildPostgres };
}

/**
 * The same rebuild into a PostgreSQL read store, on a server found as the PostgreSQL tests find one
 * (LEDGER_TEST_POSTGRES_URL, or a throwaway cluster from the server programs); skipped, with the
 * reason, when there is none.
 */
async function rebuildOnPostgres(context: BenchContext, eventFile: string, size: string): Promise<PostgresRebuild> {
  const started = await attempt(() => startPostgresServer());
  if (!started.ok) return { ok: false, error: started.error };
  if ('skipped' in started.value) {
    context.log(`PostgreSQL rebuild skipped: ${started.value.skipped}`);
    return { skipped: `skipped: ${started.value.skipped}` };
  }
  const { server, stop } = started.value;
  try {
    context.step(`store of ${size} events: rebuild of all read models into PostgreSQL…`);
    const connectionString = await server.createDatabase();
    try {
      const input: RebuildInput = { eventFile, postgresConnectionString: connectionString, rollUpQueries: 0 };
      return await attempt(() => runScenario<RebuildOutput>('projections', input, { timeoutMs: storeStepTimeoutMs }));
    } finally {
      await server.dropDatabase(connectionString).catch(() => undefined);
    }
  } finally {
    await stop().catch(() => undefined);
  }
}

/** The reference's row and the rebuild's, from the store of the rebuild's size (undefined when none was measured). */
export function rebuildVsRawReadParseRows(context: BenchContext, store: StoreMeasurement | undefined): ScenarioRow[] {
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
  const sqlite = store?.rebuild ?? null;
  return [
    referenceRow,
    rebuildRow(`Rebuild of all read models from ${events} events`, sqlite, reference),
    postgresRebuildRow(`Rebuild of all read models from ${events} events into PostgreSQL`, store?.rebuildPostgres ?? null, reference, sqlite?.ok ? sqlite.value : null),
  ];
}

function postgresRebuildRow(title: string, rebuild: PostgresRebuild | null, reference: ReadParseOutput | null, sqlite: RebuildOutput | null): ScenarioRow {
  if (rebuild && 'skipped' in rebuild) return pendingRow('rebuild-postgres', title, rebuild.skipped, []);
  if (rebuild && !rebuild.ok) return failedRow('rebuild-postgres', title, rebuild.error);
  if (!rebuild) return pendingRow('rebuild-postgres', title, noRebuildReason, []);
  const rebuilt = rebuild.value;
  const ratios: Record<string, number> = {};
  if (reference) ratios.vsRawReadParse = round(rebuilt.eventsPerSecond / reference.eventsPerSecond, 3);
  if (sqlite) ratios.vsSqliteRebuild = round(rebuilt.eventsPerSecond / sqlite.eventsPerSecond, 3);
  return measuredRebuildRow('rebuild-postgres', title, rebuilt, ratios, [], [
    `ProjectionRebuilder.run(${rebuilt.projections.join(', ')}) into a fresh PostgreSQL database, from the same event file, indexing and switching in included; the bench process's peak RSS (the server's memory is not counted)`,
    'the server is LEDGER_TEST_POSTGRES_URL when set, else a throwaway local cluster started as the tests start one (fsync off: its data is thrown away), on the same machine and cores',
  ]);
}

function rebuildRow(title: string, rebuild: Attempt<RebuildOutput> | null, reference: ReadParseOutput | null): ScenarioRow {
  if (rebuild && !rebuild.ok) return failedRow('rebuild', title, rebuild.error);
  if (!rebuild) {
    return pendingRow('rebuild', title, noRebuildReason, [
      check('× raw read-and-parse', '≥ 0.5', null, () => false),
      check('peak RSS (MB)', '≤ 300', null, () => false),
    ]);
  }
  const rebuilt = rebuild.value;
  const vsRaw = reference ? round(rebuilt.eventsPerSecond / reference.eventsPerSecond, 3) : null;
  return measuredRebuildRow(
    'rebuild',
    title,
    rebuilt,
    vsRaw === null ? {} : { vsRawReadParse: vsRaw },
    [check('× raw read-and-parse', '≥ 0.5', vsRaw, (value) => value >= 0.5), check('peak RSS (MB)', '≤ 300', rebuilt.peakRssMb, (value) => value <= 300)],
    [`ProjectionRebuilder.run(${rebuilt.projections.join(', ')}) into a fresh SQLite read store, indexing and switching in included`],
  );
}

/** A rebuild's row: its rate, time and memory, and how many events and projections it rebuilt. */
function measuredRebuildRow(id: string, title: string, rebuilt: RebuildOutput, ratios: Record<string, number>, targets: readonly TargetCheck[], notes: readonly string[]): ScenarioRow {
  return {
    id,
    title,
    status: 'measured',
    figures: positive({ eventsPerSecond: rebuilt.eventsPerSecond, seconds: rebuilt.seconds, peakRssMb: rebuilt.peakRssMb }),
    counts: { events: rebuilt.events, projections: rebuilt.projections.length },
    ratios,
    targets,
    notes,
    details: rebuilt,
  };
}
