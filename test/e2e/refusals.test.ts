import { randomUUID } from 'node:crypto';
import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, type TestLedger } from './support/ledger-test-app';
import { nation, province } from './support/seeded-accounts';

/**
 * Every refusal the HTTP API can give, with its status and code. Locality registration refusals
 * (LOCALITY_ALREADY_REGISTERED, PARENT_LOCALITY_INVALID) come only from the import command and are
 * covered by the registry's decider tests.
 */
const nationProject = 'DTTS.2024.VN.DTPT.NSTW.DA4';
const provinceProject = 'DTTS.2024.11.DTPT.NSTW.DA4';
const district = 'DTTS.2024.096.DTPT.NSTW.DA4';
const sibling = 'DTTS.2024.103.DTPT.NSTW.DA4';

describe('refusals over HTTP', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;
  let disbursementId: string;
  let reversedId: string;

  const post = (path: string, body: Record<string, unknown>) => ledger.http().post(path).send({ commandId: newCommandId(), ...body });

  beforeAll(async () => {
    ledger = await startTestLedger(data.dir);
    await seedRegistry(ledger);
    const steps: [string, Record<string, unknown>][] = [
      [`/v1/accounts/${nation}/budget-assignments`, { amountVnd: '100000000000', decisionRef: 'Q1' }],
      [`/v1/accounts/${nationProject}/budget-assignments`, { amountVnd: '5000000000', decisionRef: 'Q1' }],
      [`/v1/accounts/${nation}/allocations`, { toAccountId: province, amountVnd: '50000000000', decisionRef: 'Q2' }],
      [`/v1/accounts/${province}/allocations`, { toAccountId: provinceProject, amountVnd: '20000000000', decisionRef: 'Q3' }],
      [`/v1/accounts/${provinceProject}/allocations`, { toAccountId: district, amountVnd: '10000000000', decisionRef: 'Q4' }],
      [`/v1/accounts/${provinceProject}/allocations`, { toAccountId: sibling, amountVnd: '1000000000', decisionRef: 'Q4' }],
    ];
    for (const [path, body] of steps) {
      const response = await post(path, body).expect(201);
      await ledger.settle(response.body.position);
    }
    disbursementId = (await post(`/v1/accounts/${district}/disbursements`, { amountVnd: '1000000000', voucherRef: 'V-1', disbursedOn: '2024-05-02' }).expect(201)).body.disbursementId;
    reversedId = (await post(`/v1/accounts/${district}/disbursements`, { amountVnd: '1000000', voucherRef: 'V-2', disbursedOn: '2024-05-03' }).expect(201)).body.disbursementId;
    await post(`/v1/accounts/${district}/disbursements/${reversedId}/reversal`, { reason: 'sai' }).expect(201);
  });
  afterAll(async () => {
    await ledger.close();
    data.remove();
  });

  describe('400 for bad input, with field messages', () => {
    it.each([
      ['an amount with a fraction', `/v1/accounts/${district}/disbursements`, { amountVnd: '12.5', voucherRef: 'X', disbursedOn: '2024-05-02' }, 'amountVnd'],
      ['an amount as a JSON number', `/v1/accounts/${district}/disbursements`, { amountVnd: 1000, voucherRef: 'X', disbursedOn: '2024-05-02' }, 'amountVnd'],
      ['an unknown field', `/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-05-02', approvedBy: 'me' }, 'approvedBy'],
      ['a date that does not exist', `/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-02-30' }, 'disbursedOn'],
      ['a malformed account id', `/v1/accounts/DTTS.24.11/disbursements`, { amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-05-02' }, 'accountId'],
      ['a missing decision on an allocation', `/v1/accounts/${province}/allocations`, { toAccountId: provinceProject, amountVnd: '1' }, 'decisionRef'],
      ['a voucher reference too long', `/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'X'.repeat(101), disbursedOn: '2024-05-02' }, 'voucherRef'],
    ])('refuses %s', async (_label, path, body, field) => {
      const response = await post(path, body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|SQLITE|stack/i);
    });

    it('refuses a command without a client-chosen id', async () => {
      const response = await ledger.http().post(`/v1/accounts/${district}/disbursements`).send({ amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-05-02' }).expect(400);
      expect(response.body.errors[0].field).toBe('commandId');
    });

    it('refuses unparsable JSON and an oversized body without a 500', async () => {
      const malformed = await ledger.http().post(`/v1/accounts/${district}/disbursements`).set('Content-Type', 'application/json').send('{"amountVnd": ').expect(400);
      expect(malformed.body.code).toBe('MALFORMED_REQUEST');
      const huge = await post(`/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-05-02', padding: 'x'.repeat(200_000) }).expect(413);
      expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  it('404 for an account that never received money', async () => {
    expect((await ledger.http().get('/v1/accounts/GNBV.2024.099.SN.NSTW.DA3').expect(404)).body.code).toBe('ACCOUNT_NOT_FOUND');
    const refused = await post('/v1/accounts/GNBV.2024.099.SN.NSTW.DA3/disbursements', { amountVnd: '1', voucherRef: 'X', disbursedOn: '2024-05-02' }).expect(404);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { accountId: 'GNBV.2024.099.SN.NSTW.DA3' } });
    expect((await ledger.http().get('/v1/no-such-route').expect(404)).body.code).toBe('NOT_FOUND');
  });

  describe('409 for conflicts', () => {
    it('refuses a command id reused for a different command', async () => {
      const commandId = newCommandId();
      await ledger.http().post(`/v1/accounts/${district}/disbursements`).send({ commandId, amountVnd: '1000', voucherRef: 'R-1', disbursedOn: '2024-05-02' }).expect(201);
      const reused = await ledger.http().post(`/v1/accounts/${district}/disbursements`).send({ commandId, amountVnd: '2000', voucherRef: 'R-1', disbursedOn: '2024-05-02' }).expect(409);
      expect(reused.body).toMatchObject({ code: 'COMMAND_ID_REUSED', details: { commandId } });
    });

    it('refuses a command decided on a stale revision (If-Match)', async () => {
      const current = await ledger.http().get(`/v1/accounts/${district}`).expect(200);
      const etag = current.headers.etag as string;
      expect(etag).toBe(`"${current.body.revision}"`);
      await ledger.http().post(`/v1/accounts/${district}/disbursements`).set('If-Match', etag).send({ commandId: newCommandId(), amountVnd: '1', voucherRef: 'M-1', disbursedOn: '2024-05-02' }).expect(201);
      const stale = await ledger.http().post(`/v1/accounts/${district}/disbursements`).set('If-Match', etag).send({ commandId: newCommandId(), amountVnd: '1', voucherRef: 'M-2', disbursedOn: '2024-05-02' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_REVISION', details: { expectedRevision: current.body.revision } });
    });
  });

  describe('422 with the reason and the figures', () => {
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 31 * 3600_000).toISOString().slice(0, 10);
    const cases: [string, () => [string, Record<string, unknown>], Record<string, unknown>?][] = [
      ['INVALID_AMOUNT', () => [`/v1/accounts/${district}/disbursements`, { amountVnd: '0', voucherRef: 'Z', disbursedOn: '2024-05-02' }], { amountVnd: '0' }],
      ['INVALID_AMOUNT', () => [`/v1/accounts/${nation}/budget-assignments`, { amountVnd: '10000000000000000', decisionRef: 'Q' }]],
      ['INSUFFICIENT_FUNDS', () => [`/v1/accounts/${district}/disbursements`, { amountVnd: '900000000000', voucherRef: 'Z', disbursedOn: '2024-05-02' }], { requestedVnd: '900000000000' }],
      ['SAME_ACCOUNT', () => [`/v1/accounts/${province}/allocations`, { toAccountId: province, amountVnd: '1', decisionRef: 'Q' }]],
      ['DESTINATION_NOT_BELOW_SOURCE', () => [`/v1/accounts/${district}/allocations`, { toAccountId: provinceProject, amountVnd: '1', decisionRef: 'Q' }]],
      ['REALLOCATION_NOT_SIDEWAYS', () => [`/v1/accounts/${district}/reallocations`, { toAccountId: provinceProject, amountVnd: '1', decisionRef: 'Q', reason: 'r' }]],
      ['PROGRAM_MISMATCH', () => [`/v1/accounts/${province}/allocations`, { toAccountId: 'NTM.2024.096.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q' }]],
      ['PLAN_YEAR_MISMATCH', () => [`/v1/accounts/${province}/allocations`, { toAccountId: 'DTTS.2025.096.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q' }]],
      ['CAPITAL_TYPE_MISMATCH', () => [`/v1/accounts/${province}/allocations`, { toAccountId: 'DTTS.2024.096.SN.NSTW._', amountVnd: '1', decisionRef: 'Q' }]],
      ['BUDGET_SOURCE_MISMATCH', () => [`/v1/accounts/${province}/allocations`, { toAccountId: 'DTTS.2024.096.DTPT.NSDP._', amountVnd: '1', decisionRef: 'Q' }]],
      ['UNKNOWN_PROGRAM', () => [`/v1/accounts/XYZ.2024.VN.DTPT.NSTW._/budget-assignments`, { amountVnd: '1', decisionRef: 'Q' }], { programCode: 'XYZ' }],
      ['PLAN_YEAR_OUTSIDE_PROGRAM', () => [`/v1/accounts/DTTS.2030.VN.DTPT.NSTW._/budget-assignments`, { amountVnd: '1', decisionRef: 'Q' }]],
      ['UNKNOWN_COMPONENT', () => [`/v1/accounts/DTTS.2024.VN.DTPT.NSTW.DA99/budget-assignments`, { amountVnd: '1', decisionRef: 'Q' }]],
      ['UNKNOWN_LOCALITY', () => [`/v1/accounts/${province}/allocations`, { toAccountId: 'DTTS.2024.999.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q' }], { localityId: '999' }],
      ['ASSIGNMENT_LEVEL_INVALID', () => [`/v1/accounts/${province}/budget-assignments`, { amountVnd: '1', decisionRef: 'Q' }]],
      ['DISBURSEMENT_AFTER_DEADLINE', () => [`/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'Z', disbursedOn: '2025-02-01' }], { deadline: '2025-01-31' }],
      ['DISBURSEMENT_BEFORE_PLAN_YEAR', () => [`/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'Z', disbursedOn: '2023-12-31' }]],
      ['DISBURSEMENT_DATE_IN_FUTURE', () => [`/v1/accounts/${sibling}/disbursements`, { amountVnd: '1', voucherRef: 'Z', disbursedOn: tomorrow }], { today }],
      ['DUPLICATE_VOUCHER', () => [`/v1/accounts/${district}/disbursements`, { amountVnd: '1', voucherRef: 'V-1', disbursedOn: '2024-05-02' }]],
      ['UNKNOWN_DISBURSEMENT', () => [`/v1/accounts/${district}/disbursements/${randomUUID()}/reversal`, { reason: 'r' }]],
      ['DISBURSEMENT_ALREADY_REVERSED', () => [`/v1/accounts/${district}/disbursements/${reversedId}/reversal`, { reason: 'r' }], { amountVnd: '1000000' }],
      ['DEADLINE_NOT_LATER', () => [`/v1/accounts/${district}/deadline-extensions`, { newDeadline: '2024-12-31', decisionRef: 'Q' }], { currentDeadline: '2025-01-31' }],
      ['EXTENSION_BEYOND_LEGAL_LIMIT', () => [`/v1/accounts/${sibling}/deadline-extensions`, { newDeadline: '2100-12-31', decisionRef: 'Q6' }], { maximumDeadline: '2025-12-31' }],
      ['EFFECTIVE_DATE_IN_FUTURE', () => [`/v1/accounts/${district}/deadline-extensions`, { newDeadline: '2025-06-30', decisionRef: 'Q', effectiveDate: tomorrow }], { effectiveDate: tomorrow }],
      ['NO_FUNDING_ACCOUNT', () => [`/v1/accounts/${nation}/returns`, { amountVnd: '1', decisionRef: 'Q', reason: 'r' }]],
      ['RETURN_TARGET_AMBIGUOUS', () => [`/v1/accounts/${district}/returns`, { amountVnd: '1', decisionRef: 'Q', reason: 'r' }]],
      ['RETURN_TARGET_NOT_A_FUNDER', () => [`/v1/accounts/${district}/returns`, { toAccountId: province, amountVnd: '1', decisionRef: 'Q', reason: 'r' }]],
      ['RETURN_EXCEEDS_FUNDING', () => [`/v1/accounts/${district}/returns`, { toAccountId: nationProject, amountVnd: '2000000000', decisionRef: 'Q', reason: 'r' }], { fundedVnd: '1000000000' }],
      ['PROGRAM_ALREADY_REGISTERED', () => [`/v1/programs`, { programCode: 'DTTS', name: 'Another name', decisionRef: 'Q', planYearFrom: 2021, planYearTo: 2025, components: [] }]],
    ];

    beforeAll(async () => {
      // A second funder for the district account, so a return must name its target.
      const second = await post(`/v1/accounts/${nationProject}/allocations`, { toAccountId: district, amountVnd: '1000000000', decisionRef: 'Q5' }).expect(201);
      await ledger.settle(second.body.position);
    });

    // Rows as objects: jest would take a missing third column for a `done` callback.
    it.each(cases.map(([code, request, details]) => ({ code, request, details: details ?? null })))('$code', async ({ code, request, details }) => {
      const [path, body] = request();
      const before = await ledger.http().get(`/v1/accounts/${district}`).expect(200);
      const response = await post(path, body).expect(422);
      expect(response.body.code).toBe(code);
      expect(typeof response.body.message).toBe('string');
      if (details) expect(response.body.details).toMatchObject(details);
      const after = await ledger.http().get(`/v1/accounts/${district}`).expect(200);
      expect(after.body.revision).toBe(before.body.revision);
    });

    it('INSUFFICIENT_FUNDS gives the available figure', async () => {
      const account = await ledger.http().get(`/v1/accounts/${district}`).expect(200);
      const requested = (BigInt(account.body.availableVnd) + 1n).toString();
      const response = await post(`/v1/accounts/${district}/disbursements`, { amountVnd: requested, voucherRef: 'Z', disbursedOn: '2024-05-02' }).expect(422);
      expect(response.body.details).toEqual({ availableVnd: account.body.availableVnd, requestedVnd: requested, shortfallVnd: '1' });
    });

    it('COMPONENT_ALREADY_REGISTERED', async () => {
      const response = await post('/v1/programs', {
        programCode: 'GNBV',
        name: 'Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025',
        decisionRef: '90/QĐ-TTg',
        planYearFrom: 2021,
        planYearTo: 2025,
        components: [{ componentCode: 'DA1', name: 'Another name' }],
      }).expect(422);
      expect(response.body.code).toBe('COMPONENT_ALREADY_REGISTERED');
    });

    it('BALANCE_LIMIT_EXCEEDED before any figure could overflow 64 bits', async () => {
      const account = 'DTTS.2024.11.SN.KHAC._';
      const maximum = '9999999999999999';
      // 922 assignments of the per-command maximum stay below 2^63 − 1; the 923rd would not.
      for (let wave = 0; wave < 922; wave += 100) {
        const size = Math.min(100, 922 - wave);
        await Promise.all(Array.from({ length: size }, () => post(`/v1/accounts/${account}/budget-assignments`, { amountVnd: maximum, decisionRef: 'Q' }).expect(201)));
      }
      const refused = await post(`/v1/accounts/${account}/budget-assignments`, { amountVnd: maximum, decisionRef: 'Q' }).expect(422);
      expect(refused.body.code).toBe('BALANCE_LIMIT_EXCEEDED');
      expect((await ledger.http().get(`/v1/accounts/${account}`).expect(200)).body.receivedVnd).toBe((9999999999999999n * 922n).toString());
      // 922 commands on one stream, most retried after a conflict: minutes on a busy machine.
    }, 180_000);
  });

  it('keeps the disbursement it reversed in the history', async () => {
    const history = await ledger.http().get(`/v1/accounts/${district}/events`).expect(200);
    const types = history.body.events.map((event: { type: string; data: { disbursementId?: string } }) => `${event.type}:${event.data.disbursementId ?? ''}`);
    expect(types).toContain(`FundsDisbursed:${reversedId}`);
    expect(types).toContain(`DisbursementReversed:${reversedId}`);
    expect(types).toContain(`FundsDisbursed:${disbursementId}`);
  });
});
