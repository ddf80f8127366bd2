import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from './harness';
import { scenarioIds, type BenchResults } from './results';
import { writeOutputs } from './main';
import { rebuildApiPresent } from './scenarios/projections';
import { formatTable, generatedBegin, generatedEnd } from './support/report';
import { productNodeFlags, repositoryRoot } from './support/child-process';

/**
 * The whole harness at tiny size, so it cannot rot: every scenario row is present, and each
 * measured one has positive figures. Timing targets are not asserted (a test machine is not a
 * benchmark machine); pending rows (no projections yet) and skipped peers must say why.
 */
const requiredFigures: Readonly<Record<string, readonly string[]>> = {
  'http-trivial': ['requestsPerSecond', 'p99Ms', 'peakRssMb'],
  'http-commands': ['commandsPerSecond', 'p99Ms', 'peakRssMb', 'eventsPerTransaction'],
  'raw-durable-insert': ['transactionsPerSecond'],
  'emmett-commands': ['commandsPerSecond', 'p99Ms'],
  'commands-in-process': ['commandsPerSecond', 'eventsPerSecond', 'p99Ms', 'eventsPerTransaction', 'peakRssMb'],
  'raw-read-parse': ['eventsPerSecond', 'peakRssMb'],
  rebuild: ['eventsPerSecond', 'peakRssMb'],
  'roll-up': ['p50Ms', 'p99Ms'],
  growth: ['commandsPerSecondAt5k', 'commandsPerSecondAt20k', 'rawReadEventsPerSecondAt20k'],
};

describe('npm run bench -- --size tiny', () => {
  let results: BenchResults;
  const outputDir = mkdtempSync(join(tmpdir(), 'ledger-bench-test-'));

  beforeAll(async () => {
    // Peers are not installed here: compiling sqlite3 takes a minute. When present they are used.
    // The rebuild runs when libs/read-models has one, and the roll-up when it has a subtree query.
    results = await runBench({ size: 'tiny', profile: true, installPeers: false, seed: 7 });
  }, 240_000);

  afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

  it('reports every scenario once', () => {
    expect(results.scenarios.map((row) => row.id)).toEqual([...scenarioIds]);
  });

  it('measures every scenario that can run, with positive figures', () => {
    for (const row of results.scenarios) {
      if (row.status !== 'measured') {
        expect({ id: row.id, status: row.status }).toEqual({ id: row.id, status: expect.stringMatching(/^(pending|skipped)$/) });
        expect(row.reason).toMatch(/^(pending|skipped): ./);
        continue;
      }
      for (const figure of requiredFigures[row.id] ?? []) expect({ id: row.id, figure, value: row.figures[figure] > 0 }).toEqual({ id: row.id, figure, value: true });
      for (const value of Object.values(row.figures)) expect(value).toBeGreaterThan(0);
    }
    const mustMeasure = ['http-trivial', 'http-commands', 'raw-durable-insert', 'commands-in-process', 'raw-read-parse', ...(rebuildApiPresent() ? ['rebuild'] : []), 'growth'];
    expect(results.scenarios.filter((row) => mustMeasure.includes(row.id)).map((row) => [row.id, row.status])).toEqual(mustMeasure.map((id) => [id, 'measured']));
  });

  it('computes the ratios against references from the same run', () => {
    const http = results.scenarios.find((row) => row.id === 'http-commands');
    const inProcess = results.scenarios.find((row) => row.id === 'commands-in-process');
    expect(http?.ratios.vsTrivial).toBeGreaterThan(0);
    expect(inProcess?.ratios.vsRawDurableInsert).toBeGreaterThan(0);
    expect(http?.counts.otherStatus).toBe(0);
    expect(http?.counts.refused422).toBeGreaterThan(0);
  });

  it('summarises CPU profiles of the in-process command scenario: the main thread and the store\'s writer thread', () => {
    expect(results.profile?.samples).toBeGreaterThan(0);
    expect(results.profile?.topFunctions.length).toBeGreaterThan(0);
    // The main thread decides; the commits are the writer thread's.
    expect(results.profile?.byArea.map((area) => area.name)).toContain('libs/accounts');
    expect(results.writerThreadProfile?.byArea.map((area) => area.name)).toContain('libs/event-store-sqlite (writer thread)');
  });

  it('runs every scenario with the V8 flags the product is started with', () => {
    const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(results.nodeFlags).toEqual(productNodeFlags());
    expect(results.nodeFlags?.length).toBeGreaterThan(0);
    // The projector worker allocates like the API and runs with the same flags.
    for (const flag of productNodeFlags()) expect(manifest.scripts.projector).toContain(flag);
  });

  it('writes the JSON and the generated part of the document', () => {
    const out = join(outputDir, 'latest.json');
    const docs = join(outputDir, 'benchmarks.md');
    writeOutputs(results, out, docs);
    const written = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(written.scenarios).toHaveLength(scenarioIds.length);
    const document = readFileSync(docs, 'utf8');
    expect(document).toContain(generatedBegin);
    expect(document).toContain(generatedEnd);
    expect(formatTable(results).split('\n')).toHaveLength(scenarioIds.length + 2);
  });
});
