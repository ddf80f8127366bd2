import { dienBien2024Localities, reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';

/**
 * The 2025 reorganisation over HTTP: commands that name a reused code, the hand-over of a
 * province's abolished districts (previewed, then executed), a split ward's apportionment, and
 * the closed accounts left behind.
 */
describe('hand-over across the 1 July 2025 reorganisation', () => {
  const ledger = useSeededTestLedger();
  const general = (locality: string, component = '_') => `DTTS.2024.${locality}.DTPT.NSTW.${component}`;
  const post = async (path: string, body: Record<string, unknown>, status = 201) => (await ledger.http().post(path).send({ commandId: newCommandId(), ...body }).expect(status)).body;
  const account = async (id: string) => (await ledger.http().get(`/v1/accounts/${id}`).expect(200)).body;

  beforeAll(async () => {
    const context = { commandId: 'reform', correlationId: 'reform', causationId: 'reform', actor: { id: 'test', role: 'operator', jurisdiction: null }, decisionRef: '19/2025/QĐ-TTg', effectiveDate: '2025-07-01' };
    await ledger.app.get(RegistryService).importLocalities([...dienBien2024Localities, ...reorganisation2025PredecessorLocalities, ...reorganisation2025Localities], reorganisation2025Successions, context);
    await post(`/v1/accounts/${general('VN')}/budget-assignments`, { amountVnd: '3000000000011', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' });
    for (const [to, amountVnd] of [['11', '2000000000007'], ['01', '1000000000004']]) {
      await ledger.settle((await post(`/v1/accounts/${general('VN')}/allocations`, { toAccountId: general(to), amountVnd, decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-10' })).position);
    }
    let last = '0';
    for (const [index, district] of ['094', '096', '100', '103'].entries()) {
      last = (await post(`/v1/accounts/${general('11')}/allocations`, { toAccountId: general(district), amountVnd: `${400_000_000_001 + index}`, decisionRef: '412/QĐ-UBND', effectiveDate: '2024-02-26' })).position;
    }
    last = (await post(`/v1/accounts/${general('01')}/allocations`, { toAccountId: general('001'), amountVnd: '600000000000', decisionRef: '88/QĐ-UBND', effectiveDate: '2024-02-26' })).position;
    await ledger.settle(last);
    await ledger.settle((await post(`/v1/accounts/${general('001')}/allocations`, { toAccountId: general('00007'), amountVnd: '100000000001', decisionRef: '89/QĐ-UBND', effectiveDate: '2024-03-01' })).position);
    await post(`/v1/accounts/${general('096')}/deadline-extensions`, { newDeadline: '2025-12-31', decisionRef: '45/NQ-HĐND', effectiveDate: '2025-01-20' });
  });

  it('refuses a command naming a reused code without a date, with the candidates; the date or the version id resolves it', async () => {
    const refused = await post(`/v1/accounts/${general('094')}/allocations`, { toAccountId: general('03127'), amountVnd: '1000', decisionRef: '5/QĐ-UBND' }, 422);
    expect(refused).toMatchObject({ code: 'LOCALITY_CODE_AMBIGUOUS', details: { code: '03127', candidates: '03127,03127@2025' } });
    const byDate = await post(`/v1/accounts/${general('094')}/allocations`, { toAccountId: general('03127'), amountVnd: '1000', decisionRef: '5/QĐ-UBND', effectiveDate: '2024-03-02' });
    expect(byDate.accountId).toBe(general('094'));
    await ledger.settle(byDate.position);
    expect((await account(general('03127'))).availableVnd).toBe('1000');
    // After 1 July 2025 the old ward has ended: its code names the new ward.
    const after = await post(`/v1/accounts/${general('03127')}/disbursements`, { amountVnd: '1', voucherRef: 'KBNN-X-1', disbursedOn: '2025-07-10' }, 404);
    expect(after).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { accountId: general('03127@2025') } });
  });

  it('previews the hand-over of Điện Biên’s districts: every balance to the new province, adding up to the đồng', async () => {
    const plan = (await ledger.http().post('/v1/handovers/preview').send({ localityId: '11', effectiveDate: '2025-07-01', levels: ['district'] }).expect(200)).body;
    expect(plan.localityId).toBe('11');
    expect(plan.problems).toEqual([]);
    expect(plan.endedUnits).toEqual(['094', '095', '096', '097', '098', '099', '100', '101', '102', '103']);
    expect(plan.steps.map((step: { accountId: string; shares: { toAccountId: string }[] }) => [step.accountId, step.shares.map((share) => share.toAccountId)])).toEqual(
      ['094', '096', '100', '103'].map((district) => [general(district), [general('11@2025')]]),
    );
    expect(plan.totals).toEqual({ accounts: 4, balanceVnd: '1599999999010', sharesVnd: '1599999999010', inTransitInVnd: '0' });
    expect(plan.steps.find((step: { accountId: string }) => step.accountId === general('096')).deadline).toBe('2025-12-31');
  });

  it('hands the districts over under a decision: old accounts closed and refusing movements, the money at the province with its deadline', async () => {
    const result = await post('/v1/handovers', { localityId: '11', levels: ['district'], decisionRef: '1234/QĐ-UBND', effectiveDate: '2025-07-01' });
    expect(result.complete).toBe(true);
    expect(result.results.map((step: { outcome: string }) => step.outcome)).toEqual(['handed-over', 'handed-over', 'handed-over', 'handed-over']);
    await ledger.settle(result.position);
    expect(await account(general('094'))).toMatchObject({ availableVnd: '0', handedOverVnd: '399999999001', closed: true, closedOn: '2025-07-01', successorAccountIds: [general('11@2025')] });
    expect(await account(general('11@2025'))).toMatchObject({ availableVnd: '1599999999010', disbursementDeadline: '2025-12-31' });
    const refused = await post(`/v1/accounts/${general('094')}/disbursements`, { amountVnd: '1', voucherRef: 'KBNN-094-9', disbursedOn: '2025-06-20' }, 422);
    expect(refused).toMatchObject({ code: 'ACCOUNT_CLOSED', details: { accountId: general('094'), closedOn: '2025-07-01', successorAccountIds: general('11@2025') } });
    const transfers = (await ledger.http().get(`/v1/transfers?transferKind=handover&minPosition=${result.position}`).expect(200)).body;
    expect(transfers.transfers.map((transfer: { state: string }) => transfer.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
  });

  it('run again, writes nothing and says the accounts were handed over', async () => {
    const again = await post('/v1/handovers', { localityId: '11', levels: ['district'], decisionRef: '1234/QĐ-UBND', effectiveDate: '2025-07-01' });
    expect(again).toMatchObject({ complete: true, alreadyHandedOver: 4, steps: [], results: [], position: '-1' });
  });

  it('asks for an apportionment of a split ward, refuses one that does not add up to the đồng, and takes one that does', async () => {
    const plan = (await ledger.http().post('/v1/handovers/preview').send({ localityId: '00007', effectiveDate: '2025-07-01' }).expect(200)).body;
    expect(plan.problems).toEqual([expect.objectContaining({ code: 'NEEDS_APPORTIONMENT', accountId: general('00007'), successors: ['00008@2025', '00025@2025'] })]);
    const base = { localityId: '00007', decisionRef: '77/QĐ-UBND', effectiveDate: '2025-07-01' };
    expect(await post('/v1/handovers', base, 422)).toMatchObject({ code: 'HANDOVER_PLAN_INCOMPLETE', details: { problemCount: 1, firstProblemCode: 'NEEDS_APPORTIONMENT' } });
    const split = (ngocHa: string, giangVo: string) => [{ accountId: general('00007'), shares: [{ toLocalityId: '00008@2025', amountVnd: ngocHa }, { toLocalityId: '00025@2025', amountVnd: giangVo }] }];
    const short = await post('/v1/handovers', { ...base, apportionments: split('60000000000', '40000000000') }, 422);
    expect(short).toMatchObject({ code: 'HANDOVER_PLAN_INCOMPLETE', details: { firstProblemCode: 'APPORTIONMENT_REFUSED' } });
    expect(short.message).toContain('HANDOVER_SHARES_MISMATCH');
    expect((await account(general('00007'))).closed).toBe(false);
    const done = await post('/v1/handovers', { ...base, apportionments: split('60000000000', '40000000001') });
    await ledger.settle(done.position);
    expect((await account(general('00008@2025'))).availableVnd).toBe('60000000000');
    expect((await account(general('00025@2025'))).availableVnd).toBe('40000000001');
  });

  it.each([
    ['a unit still in force', { localityId: '11@2025', effectiveDate: '2025-07-01' }, 422, 'HANDOVER_SOURCE_IN_FORCE'],
    ['a date before the unit ended', { localityId: '11', effectiveDate: '2025-06-30' }, 422, 'HANDOVER_SOURCE_IN_FORCE'],
    ['no date', { localityId: '11' }, 400, 'VALIDATION_FAILED'],
    ['a date that is no day', { localityId: '11', effectiveDate: '2025-02-30' }, 400, 'VALIDATION_FAILED'],
    ['an unknown level', { localityId: '11', effectiveDate: '2025-07-01', levels: ['ward'] }, 400, 'VALIDATION_FAILED'],
    ['a share amount that is no amount', { localityId: '00007', effectiveDate: '2025-07-01', apportionments: [{ accountId: general('00007'), shares: [{ toLocalityId: '00008@2025', amountVnd: '1.5' }] }] }, 400, 'VALIDATION_FAILED'],
    ['an apportionment without shares', { localityId: '00007', effectiveDate: '2025-07-01', apportionments: [{ accountId: general('00007'), shares: [] }] }, 400, 'VALIDATION_FAILED'],
    ['an account apportioned twice', { localityId: '00007', effectiveDate: '2025-07-01', apportionments: [0, 1].map(() => ({ accountId: general('00007'), shares: [{ toLocalityId: '00008@2025', amountVnd: '1' }] })) }, 400, 'VALIDATION_FAILED'],
  ])('refuses a preview of %s', async (_label, body, status, code) => {
    expect((await ledger.http().post('/v1/handovers/preview').send(body).expect(status)).body.code).toBe(code);
  });

  it('refuses a hand-over without a decision or a date', async () => {
    expect((await post('/v1/handovers', { localityId: '11', effectiveDate: '2025-07-01' }, 400)).errors).toEqual([expect.objectContaining({ field: 'decisionRef' })]);
    expect((await post('/v1/handovers', { localityId: '11', decisionRef: 'Q' }, 400)).errors).toEqual([expect.objectContaining({ field: 'effectiveDate' })]);
  });
});
