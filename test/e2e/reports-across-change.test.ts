import { dienBien2024Localities, nationalTargetProgram2026To2035, reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';

/**
 * Reports across the 1 July 2025 reorganisation, on Tiền Giang (82) and the old Đồng Tháp (87),
 * merged into the new Đồng Tháp under code 82: the new province with its predecessors equals
 * their sum for 2024, before and after their accounts are handed over; the old structure is
 * still reported for audit; every answer says which structure it uses; and the merged
 * 2026–2035 program is followed back to the programs it succeeded.
 */
describe('reports across the reorganisation', () => {
  const ledger = useSeededTestLedger();
  const account = (program: string, year: number, locality: string, source = 'NSTW', component = '_') => `${program}.${year}.${locality}.DTPT.${source}.${component}`;
  const dtts = (locality: string) => account('DTTS', 2024, locality);
  const post = async (path: string, body: Record<string, unknown>) => (await ledger.http().post(path).send({ commandId: newCommandId(), ...body }).expect(201)).body;
  let head = '0';
  const rollup = async (path: string) => (await ledger.http().get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${head}`).expect(200)).body;
  const figures = ['planVnd', 'assignedVnd', 'netDisbursedVnd', 'disbursedVnd', 'availableVnd', 'detailedAllocatedVnd', 'inTransitInVnd'] as const;
  const pick = (total: Record<string, string>) => Object.fromEntries(figures.map((field) => [field, total[field]]));
  const sum = (...totals: Record<string, string>[]) => Object.fromEntries(figures.map((field) => [field, totals.reduce((acc, total) => acc + BigInt(total[field]), 0n).toString()]));

  beforeAll(async () => {
    const context = { commandId: 'reform', correlationId: 'reform', causationId: 'reform', actor: { id: 'test', role: 'operator', jurisdiction: null }, decisionRef: '19/2025/QĐ-TTg', effectiveDate: '2025-07-01' };
    const registry = ledger.app.get(RegistryService);
    await registry.importLocalities([...dienBien2024Localities, ...reorganisation2025PredecessorLocalities, ...reorganisation2025Localities], reorganisation2025Successions, context);
    await registry.registerProgram(nationalTargetProgram2026To2035, { ...context, commandId: 'mtqg', decisionRef: '257/2025/QH15' });
    await post(`/v1/accounts/${dtts('VN')}/budget-assignments`, { amountVnd: '900000000009', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' });
    let last = (await post(`/v1/accounts/${dtts('VN')}/allocations`, { toAccountId: dtts('82'), amountVnd: '500000000005', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-10' })).position;
    last = (await post(`/v1/accounts/${dtts('VN')}/allocations`, { toAccountId: dtts('87'), amountVnd: '400000000004', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-10' })).position;
    await ledger.settle(last);
    await post(`/v1/accounts/${account('DTTS', 2024, '87', 'NSDP')}/budget-assignments`, { amountVnd: '70000000000', decisionRef: '12/QĐ-UBND', effectiveDate: '2024-01-12' });
    last = (await post(`/v1/accounts/${dtts('82')}/allocations`, { toAccountId: dtts('815'), amountVnd: '300000000003', decisionRef: '20/QĐ-UBND', effectiveDate: '2024-02-01' })).position;
    last = (await post(`/v1/accounts/${dtts('87')}/allocations`, { toAccountId: dtts('866'), amountVnd: '250000000002', decisionRef: '21/QĐ-UBND', effectiveDate: '2024-02-01' })).position;
    await ledger.settle(last);
    last = (await post(`/v1/accounts/${dtts('815')}/allocations`, { toAccountId: dtts('28249'), amountVnd: '100000000001', decisionRef: '30/QĐ-UBND', effectiveDate: '2024-03-01' })).position;
    await ledger.settle(last);
    await post(`/v1/accounts/${dtts('28249')}/disbursements`, { amountVnd: '40000000000', voucherRef: 'KBNN-28249-1', disbursedOn: '2024-06-01' });
    head = (await post(`/v1/accounts/${dtts('866')}/disbursements`, { amountVnd: '90000000000', voucherRef: 'KBNN-866-1', disbursedOn: '2024-07-01' })).position;
  });

  it('reports the merged province with its predecessors as their sum for 2024, saying which structure it uses', async () => {
    const tienGiang = await rollup('/v1/localities/82/rollup?planYear=2024');
    const oldDongThap = await rollup('/v1/localities/87/rollup?planYear=2024');
    const merged = await rollup('/v1/localities/82@2025/rollup?planYear=2024&includePredecessors=true');
    expect(pick(merged.total)).toEqual(sum(tienGiang.total, oldDongThap.total));
    expect(merged.total.planVnd).toBe('970000000009');
    expect(merged.structure).toEqual({ localityIds: ['82@2025', '82', '87'], validFrom: '2025-07-01', validTo: null, includesPredecessors: true, partialPredecessorIds: [], programCodes: null });
    expect(tienGiang.structure).toMatchObject({ localityIds: ['82'], validFrom: null, validTo: '2025-06-30', includesPredecessors: false });
    expect((await rollup('/v1/localities/82@2025/rollup?planYear=2024')).total.planVnd).toBe('0');
    expect((await rollup('/v1/localities/82/rollup?planYear=2024&on=2025-07-01')).locality.localityId).toBe('82@2025');
  });

  it('still equals the sum after the predecessors’ accounts are handed over; the old structure keeps its plan, the new one holds the money', async () => {
    const before = { tienGiang: await rollup('/v1/localities/82/rollup?planYear=2024'), oldDongThap: await rollup('/v1/localities/87/rollup?planYear=2024') };
    for (const localityId of ['82', '87']) {
      const result = await post('/v1/handovers', { localityId, decisionRef: '99/QĐ-UBND bàn giao', effectiveDate: '2025-07-01' });
      expect(result.complete).toBe(true);
      head = result.position;
    }
    await ledger.settle(head);
    const merged = await rollup('/v1/localities/82@2025/rollup?planYear=2024&includePredecessors=true');
    expect(pick(merged.total)).toEqual(sum(before.tienGiang.total, before.oldDongThap.total));
    expect(merged.total).toMatchObject({ handedOverInVnd: '0', handedOverOutVnd: '0' });
    const tienGiang = await rollup('/v1/localities/82/rollup?planYear=2024');
    expect(tienGiang.total).toMatchObject({ planVnd: before.tienGiang.total.planVnd, netDisbursedVnd: before.tienGiang.total.netDisbursedVnd, availableVnd: '0', handedOverOutVnd: before.tienGiang.total.availableVnd });
    const newAlone = await rollup('/v1/localities/82@2025/rollup?planYear=2024');
    expect(newAlone.total).toMatchObject({ planVnd: sum(before.tienGiang.total, before.oldDongThap.total).availableVnd, handedOverInVnd: sum(before.tienGiang.total, before.oldDongThap.total).availableVnd, netDisbursedVnd: '0' });
  });

  it('reports the old structure or the new by date in the disbursement report, each row saying its own', async () => {
    const report = async (on: string) => (await ledger.http().get(`/v1/reports/disbursement-progress?planYear=2024&level=province&on=${on}&minPosition=${head}`).expect(200)).body;
    const old = await report('2025-06-30');
    expect([...new Set(old.rows.map((row: { localityId: string }) => row.localityId))]).toEqual(['82', '87']);
    expect(old.rows.every((row: { validTo: string | null }) => row.validTo === '2025-06-30')).toBe(true);
    expect(old.on).toBe('2025-06-30');
    const fresh = await report('2025-07-01');
    expect([...new Set(fresh.rows.map((row: { localityId: string }) => row.localityId))]).toEqual(['82@2025']);
    expect(fresh.rows[0]).toMatchObject({ validFrom: '2025-07-01', validTo: null });
    expect((await ledger.http().get('/v1/reports/disbursement-progress?planYear=2024&on=2025-02-30').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('reports each plan year under its own program, and follows the merged program back across 2025/2026', async () => {
    await post(`/v1/accounts/${account('MTQG', 2026, 'VN')}/budget-assignments`, { amountVnd: '123000000000', decisionRef: 'QĐ-TTg 2026', effectiveDate: '2026-01-05' });
    head = (await post(`/v1/accounts/${account('MTQG', 2026, 'VN')}/allocations`, { toAccountId: account('MTQG', 2026, '82@2025'), amountVnd: '23000000000', decisionRef: 'QĐ-TTg 2026', effectiveDate: '2026-01-10' })).position;
    await ledger.settle(head);
    const own = await rollup('/v1/localities/82@2025/rollup?programCode=MTQG');
    expect(own.lines.map((line: { programCode: string; planYear: number }) => `${line.programCode} ${line.planYear}`)).toEqual(['MTQG 2026']);
    const across = await rollup('/v1/localities/82@2025/rollup?programCode=MTQG&followProgramSuccession=true&includePredecessors=true');
    expect(across.lines.map((line: { programCode: string; planYear: number; budgetSource: string }) => `${line.programCode} ${line.planYear} ${line.budgetSource}`)).toEqual(['DTTS 2024 NSDP', 'DTTS 2024 NSTW', 'MTQG 2026 NSTW']);
    expect(across.structure.programCodes).toEqual(['MTQG', 'DTTS', 'GNBV', 'NTM']);
    expect((await ledger.http().get('/v1/localities/82@2025/rollup?followProgramSuccession=true').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await ledger.http().get('/v1/localities/82@2025/rollup?includePredecessors=yes').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
