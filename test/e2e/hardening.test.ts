import { connect } from 'node:net';
import { loadLedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { TransferProcessManager } from '@ledger/transfers';
import request from 'supertest';
import { createLedgerApp } from '../../apps/api/src/app.factory';
import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, testLedgerEnvironment, testLedgerOf, type TestLedger } from './support/ledger-test-app';
import { nation, province } from './support/seeded-accounts';

/**
 * One regression test per defect the security review of the HTTP edge found (the hardening
 * issue's list), each reproducing the defect first. Defects that live deeper (parked credits,
 * projections that cannot apply an event) have their own tests beside the code.
 */
const assignment = { amountVnd: '1000000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' };

async function listeningPort(ledger: TestLedger): Promise<number> {
  const server = ledger.app.getHttpServer();
  if (!server.listening) await ledger.app.listen(0, '127.0.0.1');
  return (server.address() as { port: number }).port;
}

/** Sends bytes exactly as given and reads the whole answer (the request asks to close the connection). */
function rawRequest(port: number, parts: readonly Buffer[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.concat(parts)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

async function headPosition(ledger: TestLedger): Promise<bigint> {
  return ledger.app.get<EventStore>(EVENT_STORE).headPosition();
}

describe('the HTTP edge under hostile and careless requests', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger(data.dir);
    await seedRegistry(ledger);
    const funded = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), ...assignment }).expect(201);
    await ledger.settle(funded.body.position);
  });
  afterAll(async () => {
    await ledger.close();
    data.remove();
  });

  it('2 · takes commands as JSON only: a form post (cross-site request forgery) or plain text answers 415 and writes nothing', async () => {
    const before = await headPosition(ledger);
    const form = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).type('form').send(`commandId=${newCommandId()}&amountVnd=1&decisionRef=Q`).expect(415);
    expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).set('Content-Type', 'text/plain').send(JSON.stringify({ commandId: newCommandId(), ...assignment })).expect(415);
    await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).set('Content-Type', 'multipart/form-data; boundary=x').send('--x--').expect(415);
    expect(await headPosition(ledger)).toBe(before);
  });

  it('3 · refuses a NUL byte, other control characters and lone surrogates in every text field', async () => {
    for (const voucherRef of ['KBNN\u0000-1', 'KBNN\u0007', 'KBNN\ud800', 'a\u2028'.replace('\u2028', '\u0085')]) {
      const response = await ledger
        .http()
        .post(`/v1/accounts/${nation}/budget-assignments`)
        .send({ commandId: newCommandId(), ...assignment, decisionRef: voucherRef })
        .expect(400);
      expect(response.body).toMatchObject({ code: 'TEXT_NOT_ALLOWED', errors: [{ field: 'decisionRef' }] });
    }
    const query = await ledger.http().get('/v1/audit-trail?programCode=DT%00TS').expect(400);
    expect(query.body.code).toBe('TEXT_NOT_ALLOWED');
  });

  it('4 · a treasury voucher pays once across the ledger, however it is spelled, also after a reversal', async () => {
    const first = 'DTTS.2024.096.DTPT.NSTW._';
    const second = 'DTTS.2024.094.DTPT.NSTW._';
    const funded = await ledger.http().post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '1000', decisionRef: 'Q' }).expect(201);
    await ledger.settle(funded.body.position);
    for (const to of [first, second]) {
      const allocated = await ledger.http().post(`/v1/accounts/${province}/allocations`).send({ commandId: newCommandId(), toAccountId: to, amountVnd: '100', decisionRef: 'Q' }).expect(201);
      await ledger.settle(allocated.body.position);
    }
    const paid = await ledger.http().post(`/v1/accounts/${first}/disbursements`).send({ commandId: newCommandId(), amountVnd: '10', voucherRef: 'KBNN-096-777', disbursedOn: '2024-06-14' }).expect(201);
    for (const [account, spelling] of [
      [first, 'KBNN-096-777 '],
      [first, 'kbnn-096-777'],
      [second, 'KBNN-096-777'],
      [second, 'KBNN-096-\u200b777'],
      [second, 'ＫＢＮＮ-096-777'],
    ]) {
      const refused = await ledger.http().post(`/v1/accounts/${account}/disbursements`).send({ commandId: newCommandId(), amountVnd: '10', voucherRef: JSON.parse(`"${spelling}"`), disbursedOn: '2024-06-14' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'DUPLICATE_VOUCHER', details: { voucherRef: 'KBNN-096-777', accountId: first, disbursementId: paid.body.disbursementId } });
    }
    await ledger.http().post(`/v1/accounts/${first}/disbursements/${paid.body.disbursementId}/reversal`).send({ commandId: newCommandId(), reason: 'Kho bạc từ chối' }).expect(201);
    await ledger.http().post(`/v1/accounts/${second}/disbursements`).send({ commandId: newCommandId(), amountVnd: '10', voucherRef: 'KBNN-096-777', disbursedOn: '2024-06-14' }).expect(422);
    const stored = await ledger.http().get(`/v1/accounts/${first}/events?direction=backwards&limit=2`).expect(200);
    expect(stored.body.events.map((event: { data: { voucherRef?: string } }) => event.data.voucherRef).filter(Boolean)).toEqual(['KBNN-096-777']);
  });

  it('6 · required fields refuse null', async () => {
    const decision = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1', decisionRef: null }).expect(400);
    expect(decision.body.errors.map((error: { field: string }) => error.field)).toContain('decisionRef');
    const destination = await ledger
      .http()
      .post(`/v1/accounts/${province}/returns`)
      .send({ commandId: newCommandId(), toAccountId: null, amountVnd: '1', reason: 'nộp trả', decisionRef: 'Q' })
      .expect(400);
    expect(destination.body.errors.map((error: { field: string }) => error.field)).toContain('toAccountId');
  });

  it('7 · refuses deep nesting before validation, and bounds every numeric parameter', async () => {
    const deep = `{"commandId":"${newCommandId()}","amountVnd":"1","decisionRef":"Q","x":${'['.repeat(1_500)}${']'.repeat(1_500)}}`;
    const nested = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).set('Content-Type', 'application/json').send(deep).expect(400);
    expect(nested.body.code).toBe('JSON_TOO_DEEP');
    for (const path of ['/v1/audit-trail?afterPosition=9223372036854775808', '/v1/transfers?afterPosition=9223372036854775808', '/v1/transfers?afterPosition=-1']) {
      expect((await ledger.http().get(path).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    await ledger.http().get('/v1/audit-trail?afterPosition=9223372036854775807').expect(200);
    for (const limit of ['0x10', '1e3', '16.0', ' 16', '0', '-1', '1001']) {
      const response = await ledger.http().get(`/v1/audit-trail?limit=${encodeURIComponent(limit)}`).expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('limit');
    }
    const planYear = await ledger.http().get('/v1/balances?planYear=0x7e8').expect(400);
    expect(planYear.body.errors.map((error: { field: string }) => error.field)).toContain('planYear');
  });

  it('8 · escapes cells a spreadsheet would run in the CSV report', async () => {
    await ledger
      .http()
      .post('/v1/programs')
      .send({ commandId: newCommandId(), programCode: 'EVIL', name: '=HYPERLINK("http://evil.example","bấm")', decisionRef: 'Q', planYearFrom: 2024, planYearTo: 2024, components: [] })
      .expect(201);
    const account = 'EVIL.2024.VN.DTPT.NSTW._';
    const funded = await ledger.http().post(`/v1/accounts/${account}/budget-assignments`).send({ commandId: newCommandId(), ...assignment }).expect(201);
    await ledger.http().post(`/v1/accounts/${account}/allocations`).send({ commandId: newCommandId(), toAccountId: 'EVIL.2024.11.DTPT.NSTW._', amountVnd: '5', decisionRef: 'Q' }).expect(201);
    const csv = await ledger.http().get(`/v1/reports/disbursement-progress?planYear=2024&programCode=EVIL&format=csv&minPosition=${funded.body.position}`).expect(200);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm"")"`);
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('9 · a program registration reusing a command id with another body is refused and writes nothing', async () => {
    const commandId = newCommandId();
    const body = { commandId, programCode: 'REUSE', name: 'Chương trình thử', decisionRef: 'Q', planYearFrom: 2024, planYearTo: 2025, components: [] };
    const first = await ledger.http().post('/v1/programs').send(body).expect(201);
    const retry = await ledger.http().post('/v1/programs').send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    const before = await headPosition(ledger);
    for (const other of [{ ...body, name: 'Khác' }, { ...body, programCode: 'REUSE2' }]) {
      expect((await ledger.http().post('/v1/programs').send(other).expect(409)).body.code).toBe('COMMAND_ID_REUSED');
    }
    expect(await headPosition(ledger)).toBe(before);
  });

  it('10 · refuses duplicate keys and fields or parameters named like object built-ins', async () => {
    const before = await headPosition(ledger);
    const duplicate = `{"commandId":"${newCommandId()}","amountVnd":"1","decisionRef":"Q","commandId":"${newCommandId()}"}`;
    const twice = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).set('Content-Type', 'application/json').send(duplicate).expect(400);
    expect(twice.body).toMatchObject({ code: 'DUPLICATE_FIELD', errors: [{ field: 'commandId' }] });
    for (const name of ['toString', 'hasOwnProperty', 'valueOf', 'constructor', 'prototype', '__proto__']) {
      const body = `{"commandId":"${newCommandId()}","amountVnd":"1","decisionRef":"Q","${name}":"x"}`;
      const refused = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).set('Content-Type', 'application/json').send(body).expect(400);
      expect(refused.body.code).toBe('RESERVED_FIELD_NAME');
      const query = await ledger.http().get(`/v1/balances?${name}=1`).expect(400);
      expect(query.body.code).toBe('RESERVED_FIELD_NAME');
    }
    expect(await headPosition(ledger)).toBe(before);
  });

  it('11 · records a UTF-8 user as written, ignores actor headers, and refuses bodies and headers that are not UTF-8', async () => {
    // A raw request, as curl sends it: header bytes are UTF-8 on the wire.
    const port = await listeningPort(ledger);
    const token = await ledger.tokens.token('finance-officer', { userId: 'Nguyễn Văn A' });
    const commandId = newCommandId();
    const body = Buffer.from(JSON.stringify({ commandId, ...assignment }));
    const head = (extra: Buffer, length: number) => [
      Buffer.from(`POST /v1/accounts/${nation}/budget-assignments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nAuthorization: Bearer ${token}\r\n`),
      extra,
      Buffer.from(`Content-Length: ${length}\r\n\r\n`),
    ];
    const sent = await rawRequest(port, [...head(Buffer.concat([Buffer.from('X-Actor-Id: '), Buffer.from('Bộ trưởng', 'utf8'), Buffer.from('\r\n')]), body.length), body]);
    expect(sent).toMatch(/^HTTP\/1\.1 201/);
    const position = BigInt(/"position":"([0-9]+)"/.exec(sent)![1]);
    const [event] = await ledger.app.get<EventStore>(EVENT_STORE).readAll({ fromPosition: position, maxCount: 1 });
    expect(event.metadata).toMatchObject({ commandId, actor: { id: 'Nguyễn Văn A', role: 'finance-officer', jurisdiction: 'VN', issuer: 'program-ledger' } });

    const other = Buffer.from(JSON.stringify({ commandId: newCommandId(), ...assignment }));
    const badHeader = await rawRequest(port, [...head(Buffer.concat([Buffer.from('X-Correlation-Id: '), Buffer.from([0xc3, 0x28]), Buffer.from('\r\n')]), other.length), other]);
    expect(badHeader).toMatch(/^HTTP\/1\.1 400/);
    expect(badHeader).toContain('"field":"X-Correlation-Id"');

    const invalid = Buffer.concat([Buffer.from(`{"commandId":"${newCommandId()}","amountVnd":"1","decisionRef":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const badBody = await rawRequest(port, [...head(Buffer.alloc(0), invalid.length), invalid]);
    expect(badBody).toMatch(/^HTTP\/1\.1 400/);
    expect(badBody).toContain('"code":"BODY_NOT_UTF8"');
  });

  it('13 · sends security headers, and no-store on data', async () => {
    const response = await ledger.http().get('/v1/programs').expect(200);
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store' });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    // Data: the set OWASP names for an API, with a policy that loads nothing; refusals carry it too.
    expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(response.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'cross-origin-resource-policy': 'same-origin' });
    const refused = await ledger.http().get('/v1/audit-trail?afterPosition=x').expect(400);
    expect(refused.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none';frame-ancestors 'none'" });
    // Pages: helmet's set for documents, loading only their own scripts and styles, and cacheable.
    const page = await ledger.http().get('/docs').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers).toMatchObject({ 'x-frame-options': 'DENY', 'cross-origin-opener-policy': 'same-origin', 'x-content-type-options': 'nosniff' });
    expect(page.headers['cache-control']).not.toBe('no-store');
  });

  it('14 · readiness answers 503 with what is down', async () => {
    const manager = ledger.app.get(TransferProcessManager);
    await manager.stop();
    try {
      const response = await ledger.http().get('/health/ready').expect(503);
      expect(response.body).toMatchObject({ code: 'NOT_READY', details: { error: { transferProcessManager: { running: false } } } });
    } finally {
      await manager.start();
    }
    await ledger.http().get('/health/ready').expect(200);
  });

  it('15 · refuses amounts with leading zeros, so "1" and "01" are never one command', async () => {
    for (const amountVnd of ['007', '0500000000', '01', '+1', '1 ', '']) {
      const response = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), ...assignment, amountVnd }).expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('amountVnd');
    }
  });
});

describe('defaults resolved once: a retry just after midnight in Vietnam is the same command (5)', () => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('answers the first result and keeps the first day as the effective date', async () => {
    let now = new Date('2024-06-14T16:59:59.000Z'); // 23:59:59 in Vietnam
    const app = await createLedgerApp(loadLedgerConfig({ ...testLedgerEnvironment, LEDGER_DATA_DIR: data.dir }), { clock: { now: () => now } });
    const ledger = await testLedgerOf(app, loadLedgerConfig({ ...testLedgerEnvironment, LEDGER_DATA_DIR: data.dir }));
    try {
      await seedRegistry(ledger);
      const body = { commandId: newCommandId(), amountVnd: '5', decisionRef: 'Q' };
      const first = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
      now = new Date('2024-06-14T17:00:01.000Z'); // 00:00:01 the next day
      const retry = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
      expect(retry.body).toEqual({ ...first.body, duplicate: true });
      const [event] = await app.get<EventStore>(EVENT_STORE).readAll({ fromPosition: BigInt(first.body.position) });
      expect(event.metadata.effectiveDate).toBe('2024-06-14');
    } finally {
      await ledger.close();
    }
  });
});

describe('dates with bounds (12)', () => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('marks a back-dated entry late and needs a decision for it, and caps an extension at what the law allows', async () => {
    const now = new Date('2024-08-01T03:00:00.000Z');
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: data.dir, LEDGER_LOG_LEVEL: 'error', LEDGER_BACKDATING_WINDOW_DAYS: '30' });
    const app = await createLedgerApp(config, { clock: { now: () => now } });
    const ledger = await testLedgerOf(app, config);
    try {
      await seedRegistry(ledger);
      await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1000', decisionRef: 'Q', effectiveDate: '2024-07-20' }).expect(201);
      const allocated = await ledger.http().post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '500', decisionRef: 'Q' }).expect(201);
      await ledger.settle(allocated.body.position);

      const late = { commandId: newCommandId(), amountVnd: '10', voucherRef: 'KBNN-LATE-1', disbursedOn: '2024-06-14' };
      const refused = await ledger.http().post(`/v1/accounts/${province}/disbursements`).send(late).expect(422);
      expect(refused.body).toMatchObject({ code: 'LATE_ENTRY_NEEDS_DECISION', details: { effectiveDate: '2024-06-14', today: '2024-08-01', daysLate: 48, backdatingWindowDays: 30 } });
      const accepted = await ledger.http().post(`/v1/accounts/${province}/disbursements`).send({ ...late, decisionRef: '88/QĐ-STC' }).expect(201);
      const [event] = await app.get<EventStore>(EVENT_STORE).readAll({ fromPosition: BigInt(accepted.body.position), maxCount: 1 });
      expect(event.metadata).toMatchObject({ effectiveDate: '2024-06-14', lateEntry: true, daysLate: 48, decisionRef: '88/QĐ-STC' });
      // Within the window: no decision needed and no mark.
      const recent = await ledger.http().post(`/v1/accounts/${province}/disbursements`).send({ commandId: newCommandId(), amountVnd: '10', voucherRef: 'KBNN-ON-TIME', disbursedOn: '2024-07-25' }).expect(201);
      const [onTime] = await app.get<EventStore>(EVENT_STORE).readAll({ fromPosition: BigInt(recent.body.position), maxCount: 1 });
      expect(onTime.metadata.lateEntry).toBeUndefined();

      const beyond = await ledger.http().post(`/v1/accounts/${province}/deadline-extensions`).send({ commandId: newCommandId(), newDeadline: '2100-12-31', decisionRef: 'Q' }).expect(422);
      expect(beyond.body).toMatchObject({ code: 'EXTENSION_BEYOND_LEGAL_LIMIT', details: { maximumDeadline: '2025-12-31' } });
      await ledger.http().post(`/v1/accounts/${province}/deadline-extensions`).send({ commandId: newCommandId(), newDeadline: '2025-12-31', decisionRef: 'Q' }).expect(201);
      await ledger.http().post(`/v1/accounts/${province}/deadline-extensions`).send({ commandId: newCommandId(), newDeadline: '2027-12-31', decisionRef: '101/2023/QH15', specialResolution: true }).expect(201);
    } finally {
      await ledger.close();
    }
  });
});

describe('resources: slow clients and floods (13)', () => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('cuts off a body trickled in slowly, and answers a flood with 429 and Retry-After', async () => {
    const ledger = await startTestLedger(data.dir, { LEDGER_HTTP_REQUEST_TIMEOUT_MS: '1000', LEDGER_HTTP_HEADERS_TIMEOUT_MS: '1000', LEDGER_RATE_LIMIT_REQUESTS: '5' });
    try {
      const port = await listeningPort(ledger);
      const started = Date.now();
      const closedAfterMs = await new Promise<number>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /v1/accounts/${nation}/budget-assignments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"amountVnd":`);
        });
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', reject);
        setTimeout(() => reject(new Error('the slow request was never cut off')), 20_000).unref();
      });
      expect(closedAfterMs).toBeLessThan(15_000);

      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let index = 0; index < 7; index += 1) {
        const response = await ledger.http().get('/v1/programs');
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers['retry-after'];
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // The health probes are never refused for load.
      await ledger.http().get('/health/live').expect(200);
    } finally {
      await ledger.close();
    }
  });
});
