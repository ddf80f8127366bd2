import fc from 'fast-check';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, type TestLedger } from './support/ledger-test-app';
import { nation, province, district } from './support/seeded-accounts';

/**
 * Property-based fuzzing of every command and query endpoint. Every command request carries at
 * least one defect (a bad value, an unknown, duplicated or reserved field, deep nesting, a wrong
 * content type, a malformed or oversized body, a bad path), possibly with injection-laden text
 * besides: it must be refused with a structured 4xx error and write nothing. Queries get random
 * parameters: never a 5xx, and every error structured. `npm run fuzz` runs the same properties
 * longer (`FUZZ_RUNS`, default 2000).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 60);

type FieldKind = 'amount' | 'text' | 'date' | 'accountId' | 'code' | 'year' | 'list';

interface CommandRoute {
  readonly method: 'POST';
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly fields: Readonly<Record<string, FieldKind>>;
}

/** A valid body for each command endpoint; the fuzz breaks it. An endpoint missing here fails the test. */
const commandRoutes: readonly CommandRoute[] = [
  { method: 'POST', path: `/v1/accounts/${nation}/budget-assignments`, body: { amountVnd: '1000', decisionRef: 'Q', effectiveDate: '2024-01-05' }, fields: { amountVnd: 'amount', decisionRef: 'text', effectiveDate: 'date' } },
  { method: 'POST', path: `/v1/accounts/${nation}/allocations`, body: { toAccountId: province, amountVnd: '10', decisionRef: 'Q' }, fields: { toAccountId: 'accountId', amountVnd: 'amount', decisionRef: 'text' } },
  { method: 'POST', path: `/v1/accounts/${province}/reallocations`, body: { toAccountId: 'DTTS.2024.01.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q', reason: 'r' }, fields: { toAccountId: 'accountId', amountVnd: 'amount', decisionRef: 'text', reason: 'text' } },
  { method: 'POST', path: `/v1/accounts/${province}/returns`, body: { toAccountId: nation, amountVnd: '1', decisionRef: 'Q', reason: 'r' }, fields: { toAccountId: 'accountId', amountVnd: 'amount', decisionRef: 'text', reason: 'text' } },
  { method: 'POST', path: `/v1/accounts/${district}/disbursements`, body: { amountVnd: '1', voucherRef: 'KBNN-1', disbursedOn: '2024-06-14' }, fields: { amountVnd: 'amount', voucherRef: 'text', disbursedOn: 'date' } },
  { method: 'POST', path: `/v1/accounts/${district}/disbursements/0190a1b2-0000-7000-8000-000000000001/reversal`, body: { reason: 'r' }, fields: { reason: 'text' } },
  { method: 'POST', path: `/v1/accounts/${district}/deadline-extensions`, body: { newDeadline: '2025-06-30', decisionRef: 'Q' }, fields: { newDeadline: 'date', decisionRef: 'text' } },
  {
    method: 'POST',
    path: '/v1/programs',
    body: { programCode: 'FUZZ', name: 'n', decisionRef: 'Q', planYearFrom: 2024, planYearTo: 2025, components: [] },
    fields: { programCode: 'code', name: 'text', decisionRef: 'text', planYearFrom: 'year', planYearTo: 'year', components: 'list', succeeds: 'list' },
  },
  {
    method: 'POST',
    path: '/v1/handovers',
    body: { localityId: '11', decisionRef: 'Q', effectiveDate: '2025-07-01', levels: ['district'] },
    fields: { localityId: 'code', decisionRef: 'text', effectiveDate: 'date', levels: 'list', apportionments: 'list' },
  },
  { method: 'POST', path: '/v1/handovers/preview', body: { localityId: '11', effectiveDate: '2025-07-01' }, fields: { localityId: 'code', effectiveDate: 'date', levels: 'list', apportionments: 'list', decisionRef: 'text' } },
  { method: 'POST', path: '/v1/admin/transfers/parked-credits/0190a1b2-0000-7000-8000-000000000001/retry', body: {}, fields: {} },
  { method: 'POST', path: '/v1/admin/projections/balances/rebuild', body: {}, fields: {} },
  { method: 'POST', path: '/v1/approvals/0190a1b2-0000-7000-8000-000000000001/approval', body: {}, fields: {} },
  { method: 'POST', path: '/v1/approvals/0190a1b2-0000-7000-8000-000000000001/rejection', body: { reason: 'r' }, fields: { reason: 'text' } },
];

/** Query endpoints with the parameter names they take; random values and random extra names are added. */
const queryRoutes: readonly { readonly path: string; readonly parameters: readonly string[]; readonly fixedQuery?: string }[] = [
  { path: `/v1/accounts/${district}`, parameters: [] },
  { path: `/v1/accounts/${district}/events`, parameters: ['direction', 'fromRevision', 'limit'] },
  { path: '/v1/balances', parameters: ['programCode', 'planYear', 'capitalType', 'budgetSource', 'localityId', 'subtree', 'limit', 'afterAccountId', 'minPosition'] },
  { path: `/v1/balances/${district}`, parameters: ['minPosition'] },
  { path: '/v1/localities/11/rollup', parameters: ['programCode', 'planYear', 'capitalType', 'budgetSource', 'minPosition', 'includePredecessors', 'followProgramSuccession', 'on'] },
  { path: '/v1/localities/11', parameters: ['on'] },
  { path: '/v1/localities/11/lineage', parameters: ['on'] },
  { path: '/v1/localities', parameters: ['level', 'on', 'parentId', 'afterLocalityId', 'limit'] },
  { path: '/v1/programs', parameters: ['planYear'] },
  { path: '/v1/reports/disbursement-progress', parameters: ['planYear', 'level', 'underLocalityId', 'programCode', 'capitalType', 'budgetSource', 'format', 'minPosition', 'on'] },
  { path: '/v1/reports/progress', parameters: ['planYear', 'level', 'underLocalityId', 'period', 'previousPeriod', 'yearEarlier', 'carriedOver', 'bySource', 'programCode', 'capitalType', 'budgetSource', 'on', 'format', 'minPosition'] },
  { path: '/v1/reports/monthly-progress', parameters: ['localityId', 'planYear', 'programCode', 'capitalType', 'budgetSource', 'minPosition'] },
  { path: '/v1/reports/lagging', parameters: ['planYear', 'level', 'underLocalityId', 'period', 'programCode', 'capitalType', 'on', 'limit', 'minPosition'] },
  { path: '/v1/reports/idle-money', parameters: ['localityId', 'idleDays', 'asOf', 'planYear', 'programCode', 'limit', 'waiting', 'minPosition'] },
  // A stream: every request ends at position 0, so the fuzzing never waits on an open feed.
  { path: '/v1/feed', parameters: ['kind', 'programCode', 'localityId', 'afterPosition'], fixedQuery: 'throughPosition=0' },
  { path: '/v1/audit-trail', parameters: ['programCode', 'localityId', 'subtree', 'accountId', 'eventTypes', 'effectiveFrom', 'effectiveTo', 'recordedFrom', 'recordedTo', 'limit', 'afterPosition', 'minPosition'] },
  { path: '/v1/audit/digests', parameters: ['afterPosition', 'limit'] },
  { path: '/v1/audit/digests/0190a1b2-0000-7000-8000-000000000001', parameters: [] },
  { path: '/v1/transfers', parameters: ['state', 'transferKind', 'accountId', 'localityId', 'subtree', 'programCode', 'planYear', 'afterPosition', 'limit', 'minPosition'] },
  { path: '/v1/transfers/0190a1b2-0000-7000-8000-000000000001', parameters: ['minPosition'] },
  { path: '/v1/admin/projections', parameters: [] },
  { path: '/v1/projections/status', parameters: [] },
  { path: '/v1/admin/projections/rebuilds/0190a1b2-0000-7000-8000-000000000001', parameters: [] },
  { path: '/v1/admin/transfers/parked-credits', parameters: ['limit', 'afterPosition'] },
  { path: '/v1/approvals', parameters: ['state', 'localityId', 'accountId', 'movementKind', 'afterPosition', 'limit', 'minPosition'] },
  { path: '/v1/approvals/0190a1b2-0000-7000-8000-000000000001', parameters: ['minPosition'] },
  { path: '/health/live', parameters: [] },
  { path: '/health/ready', parameters: [] },
  { path: '/metrics', parameters: [] },
];

const injections = ["' OR 1=1 --", '"; DROP TABLE events; --', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd', '%00', '\\u0000', '=cmd|/C calc!A0', 'Robert\'); DROP TABLE students;--'];

/** Values that are wrong for a field of each kind (the longest text a field takes is 500 characters). */
const badValues: Record<FieldKind, fc.Arbitrary<unknown>> = {
  amount: fc.oneof(
    fc.constantFrom('-1', '1.5', '1e3', '0x10', '007', '99999999999999999999', ' 1', '1 ', '', '١٢٣', 'Infinity', 'NaN', '1_000', '+5', '１', ...injections),
    fc.constantFrom(1000, -1, 1.5, 1e300, null, true, [], {}, ['1']),
    fc.string({ minLength: 20, maxLength: 40 }).map((text) => `${text}x`),
  ),
  text: fc.oneof(fc.constantFrom(null, 123, true, [], {}, ['x'], '', 'x'.repeat(1_001), '\u0000', 'a\u0007b', '\ud800', 'tab\there', 'line\nbreak', '\u0085', '\ufeffx')),
  date: fc.oneof(fc.constantFrom('2024-02-30', '2024-13-01', '24-01-01', '2024-1-1', '2024-01-01T00:00:00Z', '2101-01-01', '', null, 20240101, '2024-00-10', ...injections)),
  accountId: fc.oneof(fc.constantFrom('', 'x', 'DTTS.24.11', `${nation}.extra`, 'DTTS.2024.11.XX.NSTW._', null, 5, '../../admin', ...injections), fc.string({ maxLength: 300 }).map((text) => `${text}..`)),
  code: fc.constantFrom('', 'lower', 'x'.repeat(40), null, 7, '__proto__', ...injections),
  year: fc.constantFrom('2024', 2024.5, -1, 10_000, 0, null, '0x7e8', [2024]),
  list: fc.constantFrom('x', null, {}, [1], [{ componentCode: null }], Array.from({ length: 500 }, (_, index) => ({ componentCode: `C${index}`, name: 'n' }))),
};

type Corruption =
  | { readonly kind: 'value'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'unknown-field'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'duplicate-key'; readonly field: string }
  | { readonly kind: 'reserved-key'; readonly name: string }
  | { readonly kind: 'deep'; readonly depth: number }
  | { readonly kind: 'content-type'; readonly contentType: string | null }
  | { readonly kind: 'malformed'; readonly cut: number }
  | { readonly kind: 'oversized'; readonly bytes: number }
  | { readonly kind: 'path'; readonly segment: string }
  | { readonly kind: 'command-id'; readonly value: unknown };

function corruptionsFor(route: CommandRoute): fc.Arbitrary<Corruption> {
  const fieldNames = Object.keys(route.fields);
  const options: fc.Arbitrary<Corruption>[] = [
    fc.record({ kind: fc.constant('unknown-field' as const), name: fc.string({ minLength: 1, maxLength: 30 }).filter((name) => !(name in route.body) && name !== 'commandId'), value: fc.jsonValue({ maxDepth: 2 }) }),
    fc.record({ kind: fc.constant('reserved-key' as const), name: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf') }),
    fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 33, max: 3_000 }) }),
    fc.record({ kind: fc.constant('content-type' as const), contentType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', null) }),
    fc.record({ kind: fc.constant('malformed' as const), cut: fc.integer({ min: 1, max: 10 }) }),
    fc.record({ kind: fc.constant('oversized' as const), bytes: fc.integer({ min: 70_000, max: 300_000 }) }),
    fc.record({ kind: fc.constant('command-id' as const), value: fc.constantFrom('', 'ledger/transfer-credit/x', 'has space', 'x'.repeat(101), null, 5, '-starts-with-dash', 'ünïcode', ...injections) }),
  ];
  if (route.path.startsWith('/v1/accounts/')) options.push(fc.record({ kind: fc.constant('path' as const), segment: fc.oneof(fc.constantFrom('..', '%00', '%2e%2e', 'x'.repeat(250), 'DTTS.2024.11', '%F0%9F%92%A9', ...injections.map(encodeURIComponent)), fc.string({ maxLength: 60 }).map((text) => encodeURIComponent(`${text}.`))) }));
  if (fieldNames.length > 0) {
    options.push(fc.constantFrom(...fieldNames).chain((field) => badValues[route.fields[field]].map((value): Corruption => ({ kind: 'value', field, value }))));
    options.push(fc.constantFrom(...fieldNames).map((field): Corruption => ({ kind: 'duplicate-key', field })));
  }
  return fc.oneof(...options);
}

interface BuiltRequest {
  readonly path: string;
  readonly contentType: string | null;
  readonly payload: string;
}

function build(route: CommandRoute, corruption: Corruption, extraInjection: string | undefined): BuiltRequest {
  const body: Record<string, unknown> = { commandId: newCommandId('fuzz'), ...route.body };
  const textFields = Object.entries(route.fields).filter(([, kind]) => kind === 'text');
  if (extraInjection !== undefined && textFields.length > 0) body[textFields[0][0]] = extraInjection;
  let path = route.path;
  let contentType: string | null = 'application/json';
  let payload: string;
  switch (corruption.kind) {
    case 'value':
      body[corruption.field] = corruption.value;
      break;
    case 'unknown-field':
      body[corruption.name] = corruption.value;
      break;
    case 'command-id':
      body.commandId = corruption.value;
      break;
    case 'path':
      path = route.path.replace(/^\/v1\/accounts\/[^/]+/, `/v1/accounts/${corruption.segment}`);
      // A valid body on a bad path: the path alone must be refused.
      break;
    default:
      break;
  }
  payload = JSON.stringify(body);
  switch (corruption.kind) {
    case 'duplicate-key':
      payload = `${payload.slice(0, -1)},${JSON.stringify(corruption.field)}:${JSON.stringify(body[corruption.field])}}`;
      break;
    case 'reserved-key':
      payload = `${payload.slice(0, -1)},${JSON.stringify(corruption.name)}:{}}`;
      break;
    case 'deep':
      payload = `${payload.slice(0, -1)},"nested":${'['.repeat(corruption.depth)}${']'.repeat(corruption.depth)}}`;
      break;
    case 'content-type':
      contentType = corruption.contentType;
      break;
    case 'malformed':
      payload = payload.slice(0, Math.max(0, payload.length - corruption.cut));
      break;
    case 'oversized':
      payload = `${payload.slice(0, -1)},"padding":"${'x'.repeat(corruption.bytes)}"}`;
      break;
    default:
      break;
  }
  return { path, contentType, payload };
}

function expectStructuredError(status: number, body: unknown, context: string): void {
  if (status >= 500) throw new Error(`${context} answered ${status}: ${JSON.stringify(body)}`);
  expect(body).toEqual(expect.objectContaining({ statusCode: status, code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) }));
}

describe('fuzzing the HTTP API', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger(data.dir);
    await seedRegistry(ledger);
    const funded = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1000000', decisionRef: 'Q', effectiveDate: '2024-01-05' }).expect(201);
    const allocated = await ledger.http().post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: district, amountVnd: '5000', decisionRef: 'Q' }).expect(201);
    await ledger.settle(allocated.body.position);
    expect(funded.status).toBe(201);
  });
  afterAll(async () => {
    await ledger.close();
    data.remove();
  });

  it('covers every endpoint the API serves', async () => {
    const document = (await ledger.http().get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const template = (path: string) => path.replace(/DTTS\.2024\.[^/]+/g, '{accountId}').replace(/0190a1b2-0000-7000-8000-000000000001/g, '{id}');
    const fuzzed = new Set([...commandRoutes.map((route) => `POST ${template(route.path)}`), ...queryRoutes.map((route) => `GET ${template(route.path)}`)]);
    const normalise = (operation: string) => operation.replace(/\{[A-Za-z]+\}/g, (name) => (name === '{accountId}' ? name : '{id}')).replace('/localities/{id}', '/localities/11').replace('/projections/{id}/', '/projections/balances/');
    const missing = served.map(normalise).filter((operation) => !fuzzed.has(operation) && !operation.startsWith('GET /openapi') && !operation.startsWith('GET /docs'));
    expect(missing).toEqual([]);
  });

  it.each(commandRoutes.map((route) => [route.path, route] as const))('refuses every defective command on %s and writes nothing', async (_path, route) => {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const before = await store.headPosition();
    await fc.assert(
      fc.asyncProperty(corruptionsFor(route), fc.option(fc.constantFrom(...injections), { nil: undefined }), async (corruption, extraInjection) => {
        const built = build(route, corruption, extraInjection);
        let pending = ledger.http().post(built.path);
        if (built.contentType !== null) pending = pending.set('Content-Type', built.contentType);
        const response = await pending.send(built.payload);
        const context = `${corruption.kind} on ${built.path}`;
        expectStructuredError(response.status, response.body, context);
        if (![400, 404, 409, 413, 414, 415, 422].includes(response.status)) throw new Error(`${context} answered ${response.status}: ${JSON.stringify(response.body)}`);
      }),
      { numRuns: runs },
    );
    expect(await store.headPosition()).toBe(before);
  });

  it.each(queryRoutes.map((route) => [route.path, route] as const))('never answers 5xx to any parameters of %s', async (path, route) => {
    const name = fc.oneof(fc.constantFrom(...route.parameters, 'limit', 'minPosition'), fc.string({ minLength: 1, maxLength: 20 }));
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('-1', '0', '1e3', '0x10', '9223372036854775808', '99999999999999999999999', 'true', '2024-02-30', '%00', '', ...injections),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 5 }), async (parameters) => {
        const query = [route.fixedQuery, ...parameters.map(([key, text]) => `${encodeURIComponent(key)}=${encodeURIComponent(text)}`)].filter((part) => part !== undefined).join('&');
        const response = await ledger.http().get(query ? `${path}?${query}` : path);
        if (response.status >= 400) expectStructuredError(response.status, response.body, `GET ${path}?${query}`);
        else expect(response.status).toBeLessThan(300);
      }),
      { numRuns: Math.max(10, Math.floor(runs / 2)) },
    );
  });

  it('still takes a valid command afterwards', async () => {
    await ledger.http().post(`/v1/accounts/${district}/disbursements`).send({ commandId: newCommandId(), amountVnd: '1', voucherRef: 'KBNN-FUZZ-OK', disbursedOn: '2024-06-14' }).expect(201);
  });
});
