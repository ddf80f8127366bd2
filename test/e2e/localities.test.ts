import { dienBien2024Localities, nationalTargetProgram2026To2035, reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';

/**
 * Localities and programs over time over HTTP: a code read on a date, the units of a date, the
 * lineage across 1 July 2025, and the merged 2026–2035 program. The registry holds the 2024
 * fixture and the slice of the reorganisation beside it.
 */
describe('localities and programs over time', () => {
  const ledger = useSeededTestLedger();

  beforeAll(async () => {
    const registry = ledger.app.get(RegistryService);
    const context = { commandId: 'reform', correlationId: 'reform', causationId: 'reform', actor: { id: 'test', role: 'operator', jurisdiction: null }, decisionRef: '19/2025/QĐ-TTg', effectiveDate: '2025-07-01' };
    const summary = await registry.importLocalities([...dienBien2024Localities, ...reorganisation2025PredecessorLocalities, ...reorganisation2025Localities], reorganisation2025Successions, context);
    expect(summary.refusedCount).toBe(0);
  });

  it('answers the unit a code meant on a date: 03127 is Phường Him Lam on 2025-06-30, Phường Điện Biên Phủ on 2025-07-01', async () => {
    const before = (await ledger.http().get('/v1/localities/03127?on=2025-06-30').expect(200)).body;
    expect(before).toMatchObject({ localityId: '03127', code: '03127', name: 'Phường Him Lam', level: 'commune', parentId: '094', validTo: '2025-06-30', on: '2025-06-30' });
    expect(before.successors).toEqual([expect.objectContaining({ localityId: '03127@2025', name: 'Phường Điện Biên Phủ', kind: 'whole', note: 'Nhập toàn bộ' })]);
    const after = (await ledger.http().get('/v1/localities/03127?on=2025-07-01').expect(200)).body;
    expect(after).toMatchObject({ localityId: '03127@2025', name: 'Phường Điện Biên Phủ', parentId: '11@2025', validFrom: '2025-07-01', validTo: null });
    expect(after.versions.map((version: { localityId: string }) => version.localityId)).toEqual(['03127', '03127@2025']);
    expect(after.predecessors.map((unit: { localityId: string }) => unit.localityId)).toEqual(['03127', '03145']);
    expect((await ledger.http().get('/v1/localities/82?on=2025-07-01').expect(200)).body).toMatchObject({ localityId: '82@2025', name: 'Tỉnh Đồng Tháp' });
    expect((await ledger.http().get('/v1/localities/82?on=2025-06-30').expect(200)).body).toMatchObject({ localityId: '82', name: 'Tỉnh Tiền Giang' });
  });

  it('refuses a code that is ambiguous without a date, naming the candidates; a version id or a date resolves it', async () => {
    const response = await ledger.http().get('/v1/localities/03127').expect(422);
    expect(response.body).toMatchObject({ code: 'LOCALITY_CODE_AMBIGUOUS', details: { code: '03127', candidates: '03127,03127@2025' } });
    expect(response.body.message).toContain('03127 Phường Him Lam (until 2025-06-30); 03127@2025 Phường Điện Biên Phủ (from 2025-07-01)');
    expect((await ledger.http().get('/v1/localities/03127@2025').expect(200)).body.name).toBe('Phường Điện Biên Phủ');
    expect((await ledger.http().get('/v1/localities/094').expect(200)).body.name).toBe('Thành phố Điện Biên Phủ');
  });

  it('answers 404 for a unit not in force on the date, and for an unknown code', async () => {
    expect((await ledger.http().get('/v1/localities/094?on=2025-07-01').expect(404)).body.code).toBe('LOCALITY_NOT_FOUND');
    expect((await ledger.http().get('/v1/localities/03127@2025?on=2025-06-30').expect(404)).body.code).toBe('LOCALITY_NOT_FOUND');
    expect((await ledger.http().get('/v1/localities/99999').expect(404)).body.code).toBe('LOCALITY_NOT_FOUND');
  });

  it('lists the units of a date by level and parent, paged', async () => {
    const provinces = async (on: string) => (await ledger.http().get(`/v1/localities?level=province&on=${on}`).expect(200)).body.localities.map((unit: { localityId: string }) => unit.localityId);
    expect(await provinces('2025-06-30')).toEqual(['01', '11', '82', '87']);
    expect(await provinces('2025-07-01')).toEqual(['01@2025', '11@2025', '82@2025']);
    const communes = (await ledger.http().get('/v1/localities?parentId=11@2025&on=2025-07-01&limit=1000').expect(200)).body;
    expect(communes.localities).toHaveLength(45);
    expect(communes.nextAfterLocalityId).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { localities: { localityId: string }[]; nextAfterLocalityId: string | null } = (
        await ledger.http().get(`/v1/localities?parentId=11@2025&limit=20${cursor ? `&afterLocalityId=${encodeURIComponent(cursor)}` : ''}`).expect(200)
      ).body;
      expect(page.localities.length).toBeLessThanOrEqual(20);
      seen.push(...page.localities.map((unit) => unit.localityId));
      cursor = page.nextAfterLocalityId;
    } while (cursor !== null);
    expect(seen).toEqual(communes.localities.map((unit: { localityId: string }) => unit.localityId));
    expect((await ledger.http().get('/v1/localities?level=district&on=2025-07-01').expect(200)).body.localities).toEqual([]);
  });

  it('shows lineage both ways: a merged province from its predecessors, a split ward into its successors', async () => {
    const dongThap = (await ledger.http().get('/v1/localities/82@2025/lineage').expect(200)).body;
    expect(dongThap.predecessors.map((unit: { localityId: string; kind: string }) => `${unit.localityId} ${unit.kind}`).sort()).toEqual(['815 whole', '82 whole', '866 whole', '87 whole']);
    const congVi = (await ledger.http().get('/v1/localities/00007/lineage?on=2025-06-30').expect(200)).body;
    expect(congVi.successors.map((unit: { localityId: string; name: string; kind: string }) => `${unit.localityId} ${unit.name} ${unit.kind}`)).toEqual(['00008@2025 Phường Ngọc Hà part', '00025@2025 Phường Giảng Võ part']);
    expect((await ledger.http().get('/v1/localities/11/lineage?on=2025-06-30').expect(200)).body.successors).toEqual([expect.objectContaining({ localityId: '11@2025', kind: 'unchanged' })]);
  });

  it.each([
    ['/v1/localities/03127?on=2025-02-30', 'on'],
    ['/v1/localities/03127?on=1.7.2025', 'on'],
    ['/v1/localities?level=region', 'level'],
    ['/v1/localities?limit=0', 'limit'],
    ['/v1/localities?limit=1001', 'limit'],
    ['/v1/localities?parentId=..%2F11', 'parentId'],
    ['/v1/localities?after=1', 'after'],
    ['/v1/localities/03%2F127', 'localityId'],
  ])('refuses %s with 400 naming %s', async (path, field) => {
    const response = await ledger.http().get(path).expect(400);
    expect(JSON.stringify(response.body.errors)).toContain(field);
  });

  it('registers the merged 2026–2035 program as the successor of the three, and lists programs by plan year', async () => {
    const body = {
      ...nationalTargetProgram2026To2035,
      components: nationalTargetProgram2026To2035.components.map(({ componentCode, name, planYearFrom, planYearTo }) => ({ componentCode, name, ...(planYearFrom ? { planYearFrom } : {}), ...(planYearTo ? { planYearTo } : {}) })),
      commandId: newCommandId('mtqg'),
    };
    await ledger.http().post('/v1/programs').send(body).expect(201);
    const in2026 = (await ledger.http().get('/v1/programs?planYear=2026').expect(200)).body;
    expect(in2026.programs.map((program: { programCode: string }) => program.programCode)).toEqual(['MTQG']);
    expect(in2026.programs[0]).toMatchObject({ planYearFrom: 2026, planYearTo: 2035, predecessorCodes: ['DTTS', 'GNBV', 'NTM'], successorCodes: [] });
    expect(in2026.programs[0].lineage.map((program: { programCode: string }) => program.programCode)).toEqual(['MTQG', 'DTTS', 'GNBV', 'NTM']);
    const in2024 = (await ledger.http().get('/v1/programs?planYear=2024').expect(200)).body;
    expect(in2024.programs.map((program: { programCode: string; successorCodes: string[] }) => [program.programCode, program.successorCodes])).toEqual([
      ['DTTS', ['MTQG']],
      ['GNBV', ['MTQG']],
      ['NTM', ['MTQG']],
    ]);
    expect(in2026.programs[0].components.find((component: { componentCode: string }) => component.componentCode === 'HP5')).toMatchObject({ planYearFrom: 2026, planYearTo: 2030 });
    const refused = await ledger.http().post('/v1/programs').send({ ...body, programCode: 'MTQG2', planYearFrom: 2025, commandId: newCommandId('mtqg2') }).expect(422);
    expect(refused.body.code).toBe('PROGRAM_SUCCESSION_INVALID');
    expect((await ledger.http().post('/v1/programs').send({ ...body, succeeds: ['dtts'], commandId: newCommandId('x') }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
