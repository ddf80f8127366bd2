import { generateKeyPair, SignJWT } from 'jose';
import { issueToken, loadOrCreateTokenSecret, roles, type Role } from '@ledger/identity';
import { newCommandId, useSeededTestLedger, type TestLedger } from './support/ledger-test-app';
import { nation, province, district } from './support/seeded-accounts';

/**
 * The authorization matrix: every endpoint the OpenAPI document lists × every role × a token
 * inside and outside the jurisdiction of the resource, with the answer expected. A new endpoint
 * without a row fails the coverage test. Allowed calls may still be refused for other reasons (a
 * business rule, a missing resource): the matrix asserts only that access was granted (no 401 or
 * 403) or refused with the right code.
 */
const otherDistrict = 'DTTS.2024.094.DTPT.NSTW._';
const someId = '0190a1b2-0000-7000-8000-000000000001';

interface Row {
  /** As the OpenAPI document names it. */
  readonly operation: string;
  readonly allowed: readonly Role[] | 'public';
  /** The request: path, and a body for commands (a fresh command id is added). */
  readonly path: string;
  readonly body?: Record<string, unknown>;
  /** Jurisdictions inside and outside the resource; absent where the endpoint is not scoped by locality. */
  readonly jurisdiction?: { readonly inside: string; readonly outside: string };
}

const rows: readonly Row[] = [
  { operation: 'POST /v1/programs', allowed: ['administrator'], path: '/v1/programs', body: { programCode: 'DTTS', name: 'x', decisionRef: 'Q', planYearFrom: 2021, planYearTo: 2025, components: [] } },
  { operation: 'GET /v1/programs', allowed: roles, path: '/v1/programs' },
  { operation: 'GET /v1/localities/{localityId}', allowed: roles, path: '/v1/localities/096' },
  { operation: 'GET /v1/localities', allowed: roles, path: '/v1/localities?parentId=11' },
  { operation: 'GET /v1/localities/{localityId}/lineage', allowed: roles, path: '/v1/localities/096/lineage' },
  // A preview reads the accounts of a territory: those who hand over and those who check it, within their jurisdiction.
  { operation: 'POST /v1/handovers/preview', allowed: ['finance-officer', 'approver', 'auditor', 'administrator'], path: '/v1/handovers/preview', body: { localityId: '096', effectiveDate: '2025-07-01' }, jurisdiction: { inside: '11', outside: '094' } },
  { operation: 'POST /v1/handovers', allowed: ['finance-officer'], path: '/v1/handovers', body: { localityId: '096', decisionRef: 'Q', effectiveDate: '2025-07-01' }, jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'POST /v1/accounts/{accountId}/budget-assignments', allowed: ['finance-officer'], path: `/v1/accounts/${nation}/budget-assignments`, body: { amountVnd: '10', decisionRef: 'Q' }, jurisdiction: { inside: 'VN', outside: '11' } },
  { operation: 'POST /v1/accounts/{accountId}/allocations', allowed: ['finance-officer'], path: `/v1/accounts/${province}/allocations`, body: { toAccountId: district, amountVnd: '1', decisionRef: 'Q' }, jurisdiction: { inside: '11', outside: '096' } },
  {
    operation: 'POST /v1/accounts/{accountId}/reallocations',
    allowed: ['finance-officer'],
    path: `/v1/accounts/${district}/reallocations`,
    body: { toAccountId: otherDistrict, amountVnd: '1', decisionRef: 'Q', reason: 'r' },
    // Moving money sideways between two districts is the province's decision: a district officer may not.
    jurisdiction: { inside: '11', outside: '096' },
  },
  { operation: 'POST /v1/accounts/{accountId}/returns', allowed: ['finance-officer'], path: `/v1/accounts/${district}/returns`, body: { amountVnd: '1', decisionRef: 'Q', reason: 'r' }, jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'POST /v1/accounts/{accountId}/disbursements', allowed: ['finance-officer'], path: `/v1/accounts/${district}/disbursements`, body: { amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-06-14', decisionRef: 'Q' }, jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'POST /v1/accounts/{accountId}/disbursements/{disbursementId}/reversal', allowed: ['finance-officer'], path: `/v1/accounts/${district}/disbursements/${someId}/reversal`, body: { reason: 'r' }, jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'POST /v1/accounts/{accountId}/deadline-extensions', allowed: ['finance-officer'], path: `/v1/accounts/${district}/deadline-extensions`, body: { newDeadline: '2025-06-30', decisionRef: 'Q' }, jurisdiction: { inside: '11', outside: '094' } },
  { operation: 'GET /v1/accounts/{accountId}', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: `/v1/accounts/${district}`, jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/accounts/{accountId}/events', allowed: ['finance-officer', 'approver', 'auditor'], path: `/v1/accounts/${district}/events`, jurisdiction: { inside: '11', outside: '094' } },
  { operation: 'GET /v1/transfers', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/transfers?localityId=096', jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/transfers/{transferId}', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: `/v1/transfers/${someId}` },
  { operation: 'GET /v1/admin/transfers/parked-credits', allowed: ['administrator'], path: '/v1/admin/transfers/parked-credits' },
  { operation: 'POST /v1/admin/transfers/parked-credits/{transferId}/retry', allowed: ['administrator'], path: `/v1/admin/transfers/parked-credits/${someId}/retry`, body: {} },
  { operation: 'GET /v1/balances', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/balances?localityId=096', jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/balances/{accountId}', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: `/v1/balances/${district}`, jurisdiction: { inside: '11', outside: '094' } },
  { operation: 'GET /v1/localities/{localityId}/rollup', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/localities/096/rollup', jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/reports/disbursement-progress', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11', jurisdiction: { inside: '11', outside: '096' } },
  // As of the past: the same endpoints, the same readers (an auditor among them), the same jurisdictions.
  { operation: 'GET /v1/accounts/{accountId}', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: `/v1/accounts/${district}?asOfDate=2024-12-31`, jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/accounts/{accountId}', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: `/v1/accounts/${province}?asOfPosition=0`, jurisdiction: { inside: '11', outside: '096' } },
  { operation: 'GET /v1/localities/{localityId}/rollup', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/localities/11/rollup?knownAt=2999-01-01T00:00:00Z', jurisdiction: { inside: '11', outside: '096' } },
  { operation: 'GET /v1/reports/disbursement-progress', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11&asOfPosition=0', jurisdiction: { inside: '11', outside: '096' } },
  { operation: 'GET /v1/reports/progress', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/reports/progress?planYear=2024&level=district&underLocalityId=11&period=2024-09', jurisdiction: { inside: '11', outside: '096' } },
  { operation: 'GET /v1/reports/monthly-progress', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/reports/monthly-progress?localityId=096&planYear=2024', jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/reports/lagging', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/reports/lagging?planYear=2024&level=district&underLocalityId=11', jurisdiction: { inside: '11', outside: '096' } },
  { operation: 'GET /v1/reports/idle-money', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/reports/idle-money?localityId=096&idleDays=30&asOf=2024-12-31', jurisdiction: { inside: '096', outside: '094' } },
  // The feed's row asks for a stream that ends (throughPosition), so the call returns.
  { operation: 'GET /v1/feed', allowed: ['finance-officer', 'approver', 'auditor', 'reporter'], path: '/v1/feed?localityId=11&afterPosition=0&throughPosition=1', jurisdiction: { inside: '11', outside: '096' } },
  { operation: 'GET /v1/audit-trail', allowed: ['auditor'], path: '/v1/audit-trail?localityId=096', jurisdiction: { inside: '096', outside: '094' } },
  { operation: 'GET /v1/audit/digests', allowed: ['auditor'], path: '/v1/audit/digests' },
  { operation: 'GET /v1/audit/digests/{position}', allowed: ['auditor'], path: '/v1/audit/digests/0' },
  { operation: 'GET /v1/admin/projections', allowed: ['administrator'], path: '/v1/admin/projections' },
  { operation: 'GET /v1/projections/status', allowed: ['administrator'], path: '/v1/projections/status' },
  { operation: 'POST /v1/admin/projections/{name}/rebuild', allowed: ['administrator'], path: '/v1/admin/projections/no-such-projection/rebuild', body: {} },
  { operation: 'GET /v1/admin/projections/rebuilds/{jobId}', allowed: ['administrator'], path: `/v1/admin/projections/rebuilds/${someId}` },
  // Four-eyes: the requests are made in beforeAll (an assignment above the nation's threshold), their ids put in the paths.
  { operation: 'POST /v1/approvals/{requestId}/approval', allowed: ['approver'], path: '/v1/approvals/{approvalRequestId}/approval', body: {}, jurisdiction: { inside: 'VN', outside: '11' } },
  { operation: 'POST /v1/approvals/{requestId}/rejection', allowed: ['approver'], path: '/v1/approvals/{rejectionRequestId}/rejection', body: { reason: 'r' }, jurisdiction: { inside: 'VN', outside: '11' } },
  { operation: 'GET /v1/approvals', allowed: ['approver', 'auditor', 'finance-officer'], path: '/v1/approvals?state=pending&localityId=11', jurisdiction: { inside: '11', outside: '096' } },
  // A finance officer reads only their own requests: the default officer made this one.
  { operation: 'GET /v1/approvals/{requestId}', allowed: ['approver', 'auditor', 'finance-officer'], path: '/v1/approvals/{readRequestId}', jurisdiction: { inside: 'VN', outside: '11' } },
  { operation: 'GET /health/live', allowed: 'public', path: '/health/live' },
  { operation: 'GET /health/ready', allowed: 'public', path: '/health/ready' },
  { operation: 'GET /metrics', allowed: ['administrator'], path: '/metrics' },
];

/** Ids of movement requests made in beforeAll, for the approval rows' paths. */
const requestIds: Record<string, string> = {};

async function call(ledger: TestLedger, row: Row, token: string | undefined) {
  const client = ledger.anonymous();
  const method = row.operation.split(' ')[0];
  const path = row.path.replace(/\{(approvalRequestId|rejectionRequestId|readRequestId)\}/, (_placeholder, name: string) => requestIds[name]);
  // An approval's body is its command id alone.
  const body = row.body && (Object.keys(row.body).length > 0 || path.startsWith('/v1/approvals/')) ? { commandId: newCommandId(), ...row.body } : undefined;
  const pending = method === 'GET' ? client.get(path) : client.post(path).send(body);
  return token === undefined ? pending : pending.set('Authorization', `Bearer ${token}`);
}

describe('who may do what', () => {
  // Four-eyes from 100,000 đồng at the nation: the rows' own commands stay below it.
  const ledger = useSeededTestLedger({ LEDGER_APPROVAL_THRESHOLD_NATION_VND: '100000' });

  beforeAll(async () => {
    const officer = await ledger.as('finance-officer');
    await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1000', decisionRef: 'Q', effectiveDate: '2024-01-05' }).expect(201);
    const allocated = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '500', decisionRef: 'Q' }).expect(201);
    await ledger.settle(allocated.body.position);
    for (const name of ['approvalRequestId', 'rejectionRequestId', 'readRequestId']) {
      const held = await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '100000', decisionRef: 'Q' }).expect(202);
      requestIds[name] = held.body.approvalRequest.requestId;
    }
  });

  it('has a row for every endpoint the API serves', async () => {
    const document = (await ledger.anonymous().get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(served.filter((operation) => !rows.some((row) => row.operation === operation))).toEqual([]);
  });

  it.each(rows.map((row) => [row.operation, row] as const))('%s: the allowed roles get in, the others are refused with 403', async (_operation, row) => {
    for (const role of roles) {
      const jurisdiction = row.jurisdiction?.inside ?? 'VN';
      const response = await call(ledger, row, await ledger.tokens.token(role, { jurisdiction }));
      const allowed = row.allowed === 'public' || row.allowed.includes(role);
      const seen = { role, status: response.status, code: response.body?.code };
      if (allowed) expect({ ...seen, denied: [401, 403].includes(response.status) }).toEqual({ ...seen, denied: false });
      else expect(seen).toEqual({ role, status: 403, code: 'ROLE_NOT_ALLOWED' });
    }
  });

  it.each(rows.filter((row) => row.jurisdiction).map((row) => [row.operation, row] as const))('%s: refused outside the jurisdiction', async (_operation, row) => {
    const role = (row.allowed as readonly Role[])[0];
    const response = await call(ledger, row, await ledger.tokens.token(role, { jurisdiction: row.jurisdiction!.outside }));
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'OUTSIDE_JURISDICTION' });
  });

  it('refuses every endpoint but the public ones without a token, and with a token that does not verify', async () => {
    const secret = loadOrCreateTokenSecret((ledger.config.auth as { secretFile: string }).secretFile);
    const now = Math.floor(Date.now() / 1000);
    const claims = { ledger_roles: ['auditor'], ledger_jurisdiction: 'VN' };
    const good = await issueToken(secret, { userId: 'u', roles: ['auditor'], jurisdiction: 'VN', ttlSeconds: 600 });
    const [header, payload, signature] = good.split('.');
    const forged = (body: object) => `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`;
    const rsa = await generateKeyPair('RS256');
    const bad: Record<string, string> = {
      expired: await issueToken(secret, { userId: 'u', roles: ['auditor'], jurisdiction: 'VN', ttlSeconds: 60 }, new Date(Date.now() - 3_600_000)),
      notYetValid: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('program-ledger').setAudience('program-ledger').setNotBefore(now + 3600).setExpirationTime(now + 7200).sign(secret),
      tampered: forged({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ledger_roles: ['administrator'] }),
      wrongIssuer: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('someone-else').setAudience('program-ledger').setExpirationTime(now + 600).sign(secret),
      wrongAudience: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('program-ledger').setAudience('another-api').setExpirationTime(now + 600).sign(secret),
      algNone: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      otherKey: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setSubject('u').setIssuer('program-ledger').setAudience('program-ledger').setExpirationTime(now + 600).sign(rsa.privateKey),
      noRole: await new SignJWT({ ledger_jurisdiction: 'VN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('program-ledger').setAudience('program-ledger').setExpirationTime(now + 600).sign(secret),
      garbage: 'not.a.token',
    };
    for (const row of rows.filter((candidate) => candidate.allowed !== 'public')) {
      const missing = await call(ledger, row, undefined);
      expect({ operation: row.operation, status: missing.status, code: missing.body.code }).toEqual({ operation: row.operation, status: 401, code: 'UNAUTHENTICATED' });
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    }
    const row = rows.find((candidate) => candidate.operation === 'GET /v1/audit-trail')!;
    for (const [name, token] of Object.entries(bad)) {
      const response = await call(ledger, row, token);
      expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED' });
    }
    expect((await call(ledger, row, good)).status).toBe(200);
    const publicRow = rows.find((candidate) => candidate.operation === 'GET /health/live')!;
    expect((await call(ledger, publicRow, undefined)).status).toBe(200);
    await ledger.anonymous().get('/openapi.json').expect(200);
  });

  it('records the token’s actor on the event, whatever the headers and body claim', async () => {
    const officer = await ledger.as('finance-officer', { userId: 'can-bo-tinh-11', jurisdiction: '11' });
    const response = await officer
      .post(`/v1/accounts/${province}/allocations`)
      .set('X-Actor-Id', 'bo-truong')
      .set('X-Actor-Role', 'administrator')
      .set('X-Actor-Jurisdiction', 'VN')
      .send({ commandId: newCommandId(), toAccountId: district, amountVnd: '3', decisionRef: 'Q' })
      .expect(201);
    const events = await ledger.http().get(`/v1/accounts/${province}/events?direction=backwards&limit=1`).expect(200);
    expect(events.body.events[0]).toMatchObject({ eventId: response.body.eventIds[0], metadata: { actor: { id: 'can-bo-tinh-11', role: 'finance-officer', jurisdiction: '11', issuer: 'program-ledger' } } });
    // An actor field in the body is an unknown field, refused like any other.
    await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: newCommandId(), toAccountId: district, amountVnd: '3', decisionRef: 'Q', actor: { id: 'bo-truong' } }).expect(400);
  });

  it('scopes command ids per user: one id used by two users is two commands, and nobody sees another’s', async () => {
    const commandId = newCommandId();
    const first = await ledger.as('finance-officer', { userId: 'officer-a' });
    const second = await ledger.as('finance-officer', { userId: 'officer-b' });
    const body = { commandId, amountVnd: '7', decisionRef: 'Q' };
    const a = await first.post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
    const b = await second.post(`/v1/accounts/${nation}/budget-assignments`).send({ ...body, amountVnd: '8' }).expect(201);
    expect(b.body.duplicate).toBe(false);
    expect(b.body.eventIds).not.toEqual(a.body.eventIds);
    expect((await first.post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201)).body).toEqual({ ...a.body, duplicate: true });
    expect((await first.post(`/v1/accounts/${nation}/budget-assignments`).send({ ...body, amountVnd: '9' }).expect(409)).body.code).toBe('COMMAND_ID_REUSED');
  });
});
