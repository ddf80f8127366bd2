import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from '../../support/cli-in-process';

/*
 * An engagement's archive, made by `audit export` from the demo's store and checked by
 * `audit check-archive` with nothing but the file: it holds exactly the events a replay of the
 * same scope and period shows, it verifies, and it fails when any one byte changes.
 */

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'ledger-archive-'));
const keyEnv = { LEDGER_AUDIT_SIGNING_KEY_FILE: join(dir, 'digest.key') };
const archive = join(dir, 'engagement.jsonl');
const scope = ['--locality', '11', '--subtree', '--program', 'DTTS', '--from-date', '2024-01-01', '--to-date', '2024-12-31'];

beforeAll(async () => {
  expect((await runCliInProcess(dir, ['demo'])).exitCode).toBe(0);
  expect((await runCliInProcess(dir, ['audit', 'create-signing-key', '--out', join(dir, 'digest.key'), '--public-out', join(dir, 'digest.pub')])).exitCode).toBe(0);
  const exported = await runCliInProcess(dir, ['audit', 'export', ...scope, '--out', archive], keyEnv);
  expect({ exitCode: exported.exitCode, stderr: exported.stderr }).toEqual({ exitCode: 0, stderr: '' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(file: string, extra: readonly string[] = []) {
  const run = await runCliInProcess(dir, ['audit', 'check-archive', file, '--json', ...extra]);
  return { exitCode: run.exitCode, report: JSON.parse(run.stdout) as { valid: boolean; problemCount: number; problems: string[]; eventCount: number } };
}

describe('audit export and check-archive', () => {
  it('archives exactly the events a replay of the same scope and period shows, and the archive verifies offline', async () => {
    const lines = readFileSync(archive, 'utf8').trim().split('\n');
    const manifest = JSON.parse(lines[0]) as { eventCount: number; scope: unknown; period: unknown; countsByType: Record<string, number> };
    const replayed = await runCliInProcess(dir, ['audit', 'replay', ...scope, '--format', 'jsonl']);
    const replayIds = replayed.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { eventId: string }).eventId);
    const archivedIds = lines.slice(2).map((line) => (JSON.parse(line) as { event: { id: string } }).event.id);
    expect(archivedIds).toEqual(replayIds);
    expect(archivedIds.length).toBeGreaterThan(10);
    expect(manifest).toMatchObject({ eventCount: archivedIds.length, scope: { kind: 'locality', localityId: '11', programCode: 'DTTS', subtree: true }, period: { fromDate: '2024-01-01', toDate: '2024-12-31' } });
    expect(Object.values(manifest.countsByType).reduce((sum, count) => sum + count, 0)).toBe(archivedIds.length);

    // Checked somewhere else entirely: a folder with no store and no configuration but the file.
    const elsewhere = mkdtempSync(join(tmpdir(), 'ledger-archive-offline-'));
    try {
      writeFileSync(join(elsewhere, 'engagement.jsonl'), readFileSync(archive));
      const run = await runCliInProcess(elsewhere, ['audit', 'check-archive', join(elsewhere, 'engagement.jsonl'), '--public-key', join(dir, 'digest.pub')]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^valid: ${archivedIds.length} events, each proved in the digest up to position [0-9]+, signed by key [0-9a-f]{16}`));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('fails when any one byte changes: in the manifest, the digest, an event or its proof', async () => {
    const bytes = readFileSync(archive);
    const lineStarts = [0, ...[...bytes.entries()].filter(([, byte]) => byte === 0x0a).map(([index]) => index + 1)].filter((start) => start < bytes.length);
    // A byte in each line (the manifest, the digest, the first and the last event), at its middle and near its end.
    const offsets = [lineStarts[0], lineStarts[1], lineStarts[2], lineStarts.at(-1) as number].flatMap((start, index, starts) => {
      const end = (index + 1 < starts.length ? lineStarts[lineStarts.indexOf(start) + 1] : bytes.length) - 2;
      return [Math.floor((start + end) / 2), end];
    });
    for (const offset of offsets) {
      const changed = Buffer.from(bytes);
      // A digit stays a digit and a letter a letter, so the JSON still parses where it can.
      changed[offset] = changed[offset] === 0x30 ? 0x31 : changed[offset] === 0x61 ? 0x62 : changed[offset] ^ 0x01;
      const file = join(dir, `changed-${offset}.jsonl`);
      writeFileSync(file, changed);
      const found = await check(file);
      expect({ offset, exitCode: found.exitCode, valid: found.report.valid }).toEqual({ offset, exitCode: 1, valid: false });
    }
    expect((await check(archive)).exitCode).toBe(0);
  });

  it('fails when a line is dropped, or the archive is signed with a key other than the one pinned', async () => {
    const lines = readFileSync(archive, 'utf8').split('\n');
    const dropped = join(dir, 'dropped.jsonl');
    writeFileSync(dropped, [...lines.slice(0, 3), ...lines.slice(4)].join('\n'));
    expect(await check(dropped)).toMatchObject({ exitCode: 1, report: { valid: false } });

    expect((await runCliInProcess(dir, ['audit', 'create-signing-key', '--out', join(dir, 'other.key'), '--public-out', join(dir, 'other.pub')])).exitCode).toBe(0);
    const pinned = await check(archive, ['--public-key', join(dir, 'other.pub')]);
    expect(pinned.exitCode).toBe(1);
    expect(pinned.report.problems[0]).toMatch(/not with the pinned key/);
  });

  it('exits 3 for no such file and 2 without a signing key to export with', async () => {
    expect((await runCliInProcess(dir, ['audit', 'check-archive', join(dir, 'no-such-archive.jsonl')])).exitCode).toBe(3);
    expect((await runCliInProcess(dir, ['audit', 'export', '--program', 'DTTS', '--out', join(dir, 'unsigned.jsonl')])).exitCode).toBe(2);
    expect((await runCliInProcess(dir, ['audit', 'export', '--out', join(dir, 'unscoped.jsonl')], keyEnv)).exitCode).toBe(2);
  });
});
