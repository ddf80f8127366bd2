import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { digestFileName, digestRecordFileName, generateSigningKeyPem } from '@ledger/audit';
import { DigestSchedule } from '@ledger/audit-digests';
import { loadLedgerConfig } from '@ledger/config';
import { roles } from '@ledger/identity';
import { createProjectorApp } from '../../apps/projector/src/projector.factory';
import { runCliInProcess } from '../support/cli-in-process';
import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, testLedgerEnvironment, type TestLedger } from './support/ledger-test-app';

/**
 * Digests on a schedule, recorded, on the real app over a temporary SQLite file. The tests drive
 * the schedule's tick themselves: its timer waits at least five minutes after a start, longer than
 * this file runs, so nothing here depends on timing.
 */
const nation = 'DTTS.2024.VN.DTPT.NSTW._';

function keyPair(dir: string): { keyFile: string; publicKeyFile: string } {
  const pem = generateSigningKeyPem();
  const keyFile = join(dir, 'digest.key');
  const publicKeyFile = join(dir, 'digest.pub');
  writeFileSync(keyFile, pem.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyFile, pem.publicKeyPem);
  return { keyFile, publicKeyFile };
}

async function assign(ledger: TestLedger, amountVnd: string): Promise<string> {
  const officer = await ledger.as('finance-officer');
  const response = await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId('digests'), amountVnd, decisionRef: 'Q-digests', effectiveDate: '2024-01-05' }).expect(201);
  return String(response.body.position);
}

async function head(ledger: TestLedger): Promise<string> {
  return String((await ledger.anonymous().get('/health/ready').expect(200)).body.info.eventStore.headPosition);
}

describe('digests on a schedule, recorded', () => {
  const data = makeTempDataDir();
  const keys = mkdtempSync(join(tmpdir(), 'ledger-digest-keys-'));
  const { keyFile, publicKeyFile } = keyPair(keys);
  const env = { LEDGER_AUDIT_SIGNING_KEY_FILE: keyFile, LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS: '3600' };
  const digestDir = join(data.dir, 'digests');
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger(data.dir, env);
    await seedRegistry(ledger);
  });

  afterAll(async () => {
    await ledger?.close();
    data.remove();
    rmSync(keys, { recursive: true, force: true });
  });

  it('makes a digest over every event after appends, none when nothing changed, and auditors alone list it and fetch its file', async () => {
    const schedule = ledger.app.get(DigestSchedule);
    const firstPosition = await head(ledger);
    expect(await schedule.tick()).toMatchObject({ kind: 'made', entry: { position: firstPosition, store: 'sqlite' } });
    expect(await schedule.tick()).toMatchObject({ kind: 'skipped', reason: 'no-new-events' });
    const position = await assign(ledger, '1000');
    const second = await schedule.tick();
    expect(second).toMatchObject({ kind: 'made', entry: { position, file: digestFileName(BigInt(position)) } });
    // Two at once are one tick.
    const [a, b] = await Promise.all([schedule.tick(), schedule.tick()]);
    expect(a).toBe(b);

    const auditor = await ledger.as('auditor');
    const listed = await auditor.get('/v1/audit/digests').expect(200);
    expect(listed.body).toEqual({
      digests: [expect.objectContaining({ position: firstPosition }), expect.objectContaining({ position, eventCount: Number(position) + 1 })],
      nextAfterPosition: null,
    });
    expect((await auditor.get('/v1/audit/digests?limit=1').expect(200)).body).toMatchObject({ digests: [{ position: listed.body.digests[0].position }], nextAfterPosition: listed.body.digests[0].position });
    expect((await auditor.get(`/v1/audit/digests?afterPosition=${listed.body.digests[0].position}`).expect(200)).body.digests).toHaveLength(1);
    const file = await auditor.get(`/v1/audit/digests/${position}`).expect(200);
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    expect(file.text).toBe(readFileSync(join(digestDir, digestFileName(BigInt(position))), 'utf8'));
    expect((await auditor.get('/v1/audit/digests/999999').expect(404)).body.code).toBe('DIGEST_NOT_FOUND');
    expect((await auditor.get('/v1/audit/digests/-1').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await auditor.get('/v1/audit/digests?limit=1001').expect(400);

    for (const role of roles.filter((candidate) => candidate !== 'auditor')) {
      const client = await ledger.as(role);
      for (const path of ['/v1/audit/digests', `/v1/audit/digests/${position}`]) expect({ role, path, status: (await client.get(path)).status }).toEqual({ role, path, status: 403 });
    }
    await ledger.anonymous().get('/v1/audit/digests').expect(401);
  });

  it('continues the record after a restart, and each recorded file — and the copy an auditor downloaded — verifies unchanged with `audit verify --digest`', async () => {
    const auditor = await ledger.as('auditor');
    const before = (await auditor.get('/v1/audit/digests').expect(200)).body.digests as Array<{ position: string }>;
    const downloaded = join(keys, 'downloaded.json');
    writeFileSync(downloaded, (await auditor.get(`/v1/audit/digests/${before[before.length - 1].position}`).expect(200)).text);
    await ledger.close();

    ledger = await startTestLedger(data.dir, env);
    const schedule = ledger.app.get(DigestSchedule);
    await schedule.start();
    expect(schedule.status.lastDigest?.position).toBe(before[before.length - 1].position);
    expect(await schedule.tick()).toMatchObject({ kind: 'skipped', reason: 'no-new-events' });
    const position = await assign(ledger, '2000');
    expect(await schedule.tick()).toMatchObject({ kind: 'made', entry: { position } });
    await ledger.close();

    const listing = await runCliInProcess(data.dir, ['audit', 'digests', '--json'], env);
    expect(listing.exitCode).toBe(0);
    const recorded = JSON.parse(listing.stdout).digests as Array<{ position: string; file: string; fileCheck: string }>;
    expect(recorded.map((digest) => digest.position)).toEqual([...before.map((digest) => digest.position), position]);
    expect(recorded.every((digest) => digest.fileCheck === 'ok')).toBe(true);
    const table = await runCliInProcess(data.dir, ['audit', 'digests'], env);
    expect(table.stdout).toMatch(new RegExp(`^\\s*${position}\\s+${Number(position) + 1}\\s`, 'm'));

    for (const file of [...recorded.map((digest) => join(digestDir, digest.file)), downloaded]) {
      const verified = await runCliInProcess(data.dir, ['audit', 'verify', '--digest', file, '--public-key', publicKeyFile], env);
      expect({ file, exitCode: verified.exitCode, stdout: verified.stdout }).toEqual({ file, exitCode: 0, stdout: expect.stringMatching(/digest: the \d+ events up to position \d+ are those it was made over/) });
    }

    // A file changed after it was recorded shows in the listing (exit 1), and no longer verifies.
    const changed = join(digestDir, recorded[0].file);
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/"eventCount":(\d+)/, (_match, count: string) => `"eventCount":${Number(count) + 1}`));
    const afterChange = await runCliInProcess(data.dir, ['audit', 'digests', '--json'], env);
    expect({ exitCode: afterChange.exitCode, first: JSON.parse(afterChange.stdout).digests[0].fileCheck }).toEqual({ exitCode: 1, first: 'changed' });
    expect((await runCliInProcess(data.dir, ['audit', 'verify', '--digest', changed], env)).exitCode).toBe(1);

    ledger = await startTestLedger(data.dir, env);
  });

  it('keeps serving when a tick fails: the failure is logged, counted, shown as degraded in health, and the next tick tries again', async () => {
    const other = makeTempDataDir();
    const blocker = join(other.dir, 'blocked');
    writeFileSync(blocker, 'a file where the record’s folder should be');
    const failing = await startTestLedger(other.dir, { ...env, LEDGER_AUDIT_DIGEST_DIR: join(blocker, 'digests') });
    try {
      await seedRegistry(failing);
      const schedule = failing.app.get(DigestSchedule);
      await schedule.start();
      expect(await schedule.tick()).toMatchObject({ kind: 'failed', code: 'DIGEST_WRITE_FAILED' });
      expect(await schedule.tick()).toMatchObject({ kind: 'failed', code: 'DIGEST_WRITE_FAILED' });

      const ready = await failing.anonymous().get('/health/ready').expect(200);
      expect(ready.body.info.auditDigests).toMatchObject({ status: 'up', runsHere: true, running: true, degraded: true, failed: 2, consecutiveFailures: 2, lastFailureCode: 'DIGEST_WRITE_FAILED', lastPosition: null });
      const metrics = (await (await failing.as('administrator')).get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/^ledger_audit_digests_total\{outcome="failed"\} 2$/m);
      expect(metrics).toMatch(/^ledger_audit_digest_consecutive_failures 2$/m);
      expect(metrics).toMatch(/^ledger_audit_digest_last_position -1$/m);
      // The process goes on: commands are taken, and the next tick, once the folder can be made, records.
      const position = await assign(failing, '3000');
      rmSync(blocker);
      expect(await schedule.tick()).toMatchObject({ kind: 'made', entry: { position } });
      const recovered = await failing.anonymous().get('/health/ready').expect(200);
      expect(recovered.body.info.auditDigests).toMatchObject({ degraded: false, made: 1, failed: 2, consecutiveFailures: 0, lastPosition: position, lastFailureCode: 'DIGEST_WRITE_FAILED' });
      const after = (await (await failing.as('administrator')).get('/metrics').expect(200)).text;
      expect(after).toMatch(new RegExp(`^ledger_audit_digest_last_position ${position}$`, 'm'));
      expect(after).toMatch(/^ledger_audit_digests_total\{outcome="made"\} 1$/m);
      expect(readFileSync(join(blocker, 'digests', digestRecordFileName), 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      await failing.close();
      other.remove();
    }
  });

  it('runs where the projections run: a process that does not project says so, and none is scheduled when the schedule is off', async () => {
    const replica = await startTestLedger(data.dir, { ...env, LEDGER_PROJECTIONS: 'false', LEDGER_PROCESS_MANAGER: 'false' });
    try {
      expect((await replica.anonymous().get('/health/ready').expect(200)).body.info.auditDigests).toEqual({ status: 'up', runsHere: false, intervalSeconds: 3600 });
      // It still lists the record for auditors: the folder is the record.
      expect((await (await replica.as('auditor')).get('/v1/audit/digests').expect(200)).body.digests.length).toBeGreaterThan(0);
    } finally {
      await replica.close();
    }

    const off = makeTempDataDir();
    const unscheduled = await startTestLedger(off.dir);
    try {
      expect((await unscheduled.anonymous().get('/health/ready').expect(200)).body.info.auditDigests).toBeUndefined();
      expect((await (await unscheduled.as('auditor')).get('/v1/audit/digests').expect(200)).body).toEqual({ digests: [], nextAfterPosition: null });
    } finally {
      await unscheduled.close();
      off.remove();
    }

    // The projector worker runs it (on the embedded read store it needs no lease).
    const worker = makeTempDataDir();
    const projector = await createProjectorApp(loadLedgerConfig({ ...testLedgerEnvironment, ...env, LEDGER_DATA_DIR: worker.dir }));
    try {
      expect((await request(projector.getHttpServer()).get('/health/ready').expect(200)).body.info.auditDigests).toMatchObject({ runsHere: true, running: true, degraded: false });
      expect(await projector.get(DigestSchedule).tick()).toMatchObject({ kind: 'skipped', reason: 'empty-store' });
    } finally {
      await projector.close();
      worker.remove();
    }
  });
});
