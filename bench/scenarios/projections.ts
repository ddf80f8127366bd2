import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { idleMoney, localityRollup, monthlyProgress, ProjectionRebuilder, progressReport, projectionNames, type ReadDatabase, type ReadStore } from '@ledger/read-models';
import { openSqliteReadStore, SqliteEventFileSource } from '@ledger/read-models-sqlite';
import { childMain } from '../support/child-process';
import { peakRssMb, round } from '../support/driver';

/**
 * The rebuild of every read model into a fresh read store, as the CLI runs it, then the queries
 * timed on the result. The figures are those of the real rebuild, never estimated.
 */
export interface RebuildInput {
  readonly eventFile: string;
  /** Rebuild into this PostgreSQL database instead of a fresh SQLite read store. */
  readonly postgresConnectionString?: string;
  /** Roll-up queries timed after the rebuild (after as many again to warm up); 0 to skip them. */
  readonly rollUpQueries: number;
  /** Times each report query, and the dashboard's first view of a province, is timed (after as many to warm up); 0 to skip. */
  readonly reportQueries?: number;
}

export interface LatencyMs {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface ReportsOutput {
  readonly queries: number;
  /** Per report query, by name. */
  readonly latencyMs: Readonly<Record<string, LatencyMs>>;
  /** The queries the dashboard sends for a province (its own row, its districts, its curve), one after another. */
  readonly dashboardProvinceMs: LatencyMs;
  readonly rows: Readonly<Record<string, number>>;
}

export interface RollUpOutput {
  readonly localityId: string;
  readonly queries: number;
  readonly lines: number;
  readonly latencyMs: LatencyMs;
}

export interface RebuildOutput {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly projections: readonly string[];
  readonly status: string;
  /** Peak resident memory when the rebuild finished, before any query. */
  readonly peakRssMb: number;
  /** The province subtree summary (Điện Biên, every funding line) on the rebuilt store; null when none was asked for. */
  readonly rollUp: RollUpOutput | null;
  readonly reports?: ReportsOutput | null;
}

/** The province of the fixture whose subtree the roll-up sums. */
const rollUpLocalityId = '11';

async function timeRollUps(reader: Kysely<ReadDatabase>, count: number): Promise<RollUpOutput> {
  const histogram = createHistogram();
  let lines = 0;
  for (let index = 0; index < count * 2; index += 1) {
    const startedNs = process.hrtime.bigint();
    const answer = await localityRollup(reader, rollUpLocalityId, {});
    if (index >= count) histogram.record(Math.max(1, Number(process.hrtime.bigint() - startedNs)));
    lines = answer.value.lines.length;
  }
  if (lines === 0) throw new Error(`the roll-up of locality ${rollUpLocalityId} returned no funding line`);
  return { localityId: rollUpLocalityId, queries: count, lines, latencyMs: latencyOf(histogram) };
}

const toMs = (nanoseconds: number): number => round(nanoseconds / 1e6, 3);
const latencyOf = (histogram: RecordableHistogram): LatencyMs => ({ p50: toMs(histogram.percentile(50)), p90: toMs(histogram.percentile(90)), p99: toMs(histogram.percentile(99)), max: toMs(histogram.max) });
const reportWarmUpsMax = 3;

async function timed(count: number, query: () => Promise<number>): Promise<{ latencyMs: LatencyMs; rows: number }> {
  const histogram = createHistogram();
  let rows = 0;
  // A few unmeasured runs fill the page cache and the statement cache; the report queries are too slow to warm up on as many again.
  const warmUps = Math.min(count, reportWarmUpsMax);
  for (let index = 0; index < count + warmUps; index += 1) {
    const startedNs = process.hrtime.bigint();
    rows = await query();
    if (index >= warmUps) histogram.record(Math.max(1, Number(process.hrtime.bigint() - startedNs)));
  }
  return { latencyMs: latencyOf(histogram), rows };
}

/** The plan year and month the report queries ask about: the generated history pays in June of each plan year. */
const reportPlanYear = 2024;
const reportThroughMonth = 202409;

async function timeReports(reader: Kysely<ReadDatabase>, count: number): Promise<ReportsOutput> {
  const period = { planYear: reportPlanYear, bySource: true, withCarriedOver: true, throughMonth: reportThroughMonth, previousMonth: reportThroughMonth - 1, yearEarlier: true };
  const queries: Record<string, () => Promise<number>> = {
    'progress: provinces, a month, previous month, a year earlier': async () => (await progressReport(reader, { ...period, level: 'province', underLocalityId: 'VN' })).value.rows.length,
    'progress: districts of a province, the same': async () => (await progressReport(reader, { ...period, level: 'district', underLocalityId: rollUpLocalityId })).value.rows.length,
    'monthly curve of a province': async () => (await monthlyProgress(reader, { localityId: rollUpLocalityId, planYear: reportPlanYear })).value.months.length,
    'idle money in a province': async () => (await idleMoney(reader, { localityId: rollUpLocalityId, idleSinceOnOrBefore: '2024-09-30', limit: 101 })).value.accounts.length,
  };
  const latencyMs: Record<string, LatencyMs> = {};
  const rows: Record<string, number> = {};
  for (const [name, query] of Object.entries(queries)) {
    const result = await timed(count, query);
    latencyMs[name] = result.latencyMs;
    rows[name] = result.rows;
  }
  const view = { planYear: reportPlanYear, bySource: true, withCarriedOver: true, yearEarlier: false };
  const dashboard = await timed(count, async () => {
    const self = await progressReport(reader, { ...view, level: 'province', underLocalityId: rollUpLocalityId });
    const districts = await progressReport(reader, { ...view, level: 'district', underLocalityId: rollUpLocalityId });
    const curve = await monthlyProgress(reader, { localityId: rollUpLocalityId, planYear: reportPlanYear });
    return self.value.rows.length + districts.value.rows.length + curve.value.months.length;
  });
  return { queries: count, latencyMs, dashboardProvinceMs: dashboard.latencyMs, rows };
}

/** The PostgreSQL adapter (and its driver) is loaded only when asked for, so a SQLite rebuild's memory is the SQLite read side's alone. */
async function openPostgresReadStore(connectionString: string): Promise<ReadStore> {
  const { PostgresReadStore } = await import('@ledger/read-models-postgres');
  return PostgresReadStore.open({ connectionString });
}

/**
 * All read models rebuilt from position zero into a fresh read store, as `ProjectionRebuilder.run`
 * does for the CLI; then the province subtree summary (`localityRollup`) timed on the result.
 */
async function run(input: RebuildInput): Promise<RebuildOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-read-'));
  const store = input.postgresConnectionString ? await openPostgresReadStore(input.postgresConnectionString) : await openSqliteReadStore({ filePath: join(dir, 'read.sqlite') });
  const source = new SqliteEventFileSource(input.eventFile);
  try {
    const startedMs = performance.now();
    const job = await new ProjectionRebuilder(store, source).run(projectionNames);
    const seconds = (performance.now() - startedMs) / 1000;
    const events = Number(job.eventsProcessed);
    const rebuildPeakRssMb = peakRssMb();
    const rollUp = input.rollUpQueries > 0 ? await timeRollUps(store.reader, input.rollUpQueries) : null;
    const reports = (input.reportQueries ?? 0) > 0 ? await timeReports(store.reader, input.reportQueries ?? 0) : null;
    return {
      events,
      seconds: round(seconds, 3),
      eventsPerSecond: round(events / seconds, 0),
      projections: projectionNames,
      status: job.status,
      peakRssMb: rebuildPeakRssMb,
      rollUp,
      reports,
    };
  } finally {
    await source.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) childMain(run);
