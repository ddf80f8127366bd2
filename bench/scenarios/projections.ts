import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistogram } from 'node:perf_hooks';
import { childMain, repositoryRoot } from '../support/child-process';
import { peakRssMb, round } from '../support/driver';

/**
 * The adapter between the bench and the projection work (libs/read-models, built in parallel).
 * Its API is still moving, so it is looked up at run time by name rather than imported: a rename
 * there makes this scenario report "failed: …" with the missing name instead of breaking the
 * type check of the whole repository. The figures are those of the real rebuild, never estimated.
 */
interface RebuildJob {
  readonly status: string;
  readonly eventsProcessed: bigint;
}

interface ReadModelsApi {
  readonly projectionNames?: readonly string[];
  /** One locality's subtree summary per funding line, read from the read store. */
  readonly localityRollup?: (db: unknown, localityId: string, filter: Record<string, never>) => Promise<{ readonly value: { readonly lines: readonly unknown[] } }>;
  readonly ProjectionRebuilder?: new (store: unknown, source: unknown) => { run(names: readonly string[]): Promise<RebuildJob> };
}

interface ReadModelsSqliteApi {
  readonly openSqliteReadStore?: (options: { filePath: string }) => Promise<{ readonly reader: unknown; close(): Promise<void> }>;
  readonly SqliteEventFileSource?: new (filePath: string) => { close?: () => void | Promise<void> };
}

export const readModelsDir = join(repositoryRoot, 'libs', 'read-models', 'src');
export const readModelsSqliteDir = join(repositoryRoot, 'libs', 'read-models-sqlite', 'src');
const rebuilderFile = join(readModelsDir, 'runner', 'projection-rebuilder.ts');

/** Whether the pieces a rebuild needs exist on disk (the child then checks the names). */
export function rebuildApiPresent(): boolean {
  return existsSync(join(readModelsDir, 'index.ts')) && existsSync(join(readModelsSqliteDir, 'index.ts')) && existsSync(rebuilderFile);
}

export interface RebuildInput {
  readonly eventFile: string;
  /** Roll-up queries timed after the rebuild (after as many again to warm up); 0 to skip them. */
  readonly rollUpQueries: number;
}

export interface RollUpOutput {
  readonly localityId: string;
  readonly queries: number;
  readonly lines: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
}

export interface RebuildOutput {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly projections: readonly string[];
  readonly status: string;
  /** Peak resident memory when the rebuild finished, before any query. */
  readonly peakRssMb: number;
  /** The province subtree summary (Điện Biên, every funding line) on the rebuilt store; null when the API has no roll-up. */
  readonly rollUp: RollUpOutput | null;
  readonly rollUpMissing: string | null;
}

/** The province of the fixture whose subtree the roll-up sums. */
const rollUpLocalityId = '11';

async function timeRollUps(localityRollup: NonNullable<ReadModelsApi['localityRollup']>, reader: unknown, count: number): Promise<RollUpOutput> {
  const histogram = createHistogram();
  let lines = 0;
  for (let index = 0; index < count * 2; index += 1) {
    const startedNs = process.hrtime.bigint();
    const answer = await localityRollup(reader, rollUpLocalityId, {});
    if (index >= count) histogram.record(Math.max(1, Number(process.hrtime.bigint() - startedNs)));
    lines = answer.value.lines.length;
  }
  if (lines === 0) throw new Error(`the roll-up of locality ${rollUpLocalityId} returned no funding line`);
  const toMs = (nanoseconds: number): number => round(nanoseconds / 1e6, 3);
  return { localityId: rollUpLocalityId, queries: count, lines, latencyMs: { p50: toMs(histogram.percentile(50)), p90: toMs(histogram.percentile(90)), p99: toMs(histogram.percentile(99)), max: toMs(histogram.max) } };
}

function loadApi(): { readModels: ReadModelsApi; readModelsSqlite: ReadModelsSqliteApi } {
  const readModels = { ...(require(readModelsDir) as ReadModelsApi), ...(require(rebuilderFile) as ReadModelsApi) };
  const readModelsSqlite = require(readModelsSqliteDir) as ReadModelsSqliteApi;
  return { readModels, readModelsSqlite };
}

/**
 * All read models rebuilt from position zero into a fresh read store, as `ProjectionRebuilder.run`
 * does for the CLI; then the province subtree summary (`localityRollup`) timed on the result.
 */
async function run(input: RebuildInput): Promise<RebuildOutput> {
  const { readModels, readModelsSqlite } = loadApi();
  const { ProjectionRebuilder, projectionNames } = readModels;
  const { openSqliteReadStore, SqliteEventFileSource } = readModelsSqlite;
  const missing = [
    ['ProjectionRebuilder', ProjectionRebuilder],
    ['projectionNames', projectionNames],
    ['openSqliteReadStore', openSqliteReadStore],
    ['SqliteEventFileSource', SqliteEventFileSource],
  ].filter(([, value]) => value === undefined);
  if (!ProjectionRebuilder || !projectionNames || !openSqliteReadStore || !SqliteEventFileSource) {
    throw new Error(`the projection API lacks ${missing.map(([name]) => name).join(', ')}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-read-'));
  const store = await openSqliteReadStore({ filePath: join(dir, 'read.sqlite') });
  const source = new SqliteEventFileSource(input.eventFile);
  try {
    const startedMs = performance.now();
    const job = await new ProjectionRebuilder(store, source).run(projectionNames);
    const seconds = (performance.now() - startedMs) / 1000;
    const events = Number(job.eventsProcessed);
    const rebuildPeakRssMb = peakRssMb();
    const { localityRollup } = readModels;
    const rollUp = localityRollup && input.rollUpQueries > 0 ? await timeRollUps(localityRollup, store.reader, input.rollUpQueries) : null;
    return {
      events,
      seconds: round(seconds, 3),
      eventsPerSecond: round(events / seconds, 0),
      projections: projectionNames,
      status: job.status,
      peakRssMb: rebuildPeakRssMb,
      rollUp,
      rollUpMissing: localityRollup ? null : 'the projection API has no localityRollup',
    };
  } finally {
    await source.close?.();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) childMain(run);
