import {
  decideRecordSuccession,
  decideRegisterLocality,
  decideRegisterProgram,
  deriveSuccessionsAbove,
  describeLocalityVersion,
  handOverTargetsOf,
  isInForceOn,
  localityOn,
  programLineage,
  provinceOf,
  resolveLocalityReference,
  RegistryState,
  type RegisterProgram,
} from './registry';
import type { LocalityRegistered, RegistryEvent } from './registry.events';
import { givenRegistry } from '../testing/decider-specification';
import { mergedProgramFixtureEvents, registryFixtureEvents, registryReformFixtureEvents } from '../testing/registry.fixture';

/*
 * Localities and programs over time: a code names different units before and after 1 July 2025,
 * units have lineage, and the three programs of 2021–2025 are succeeded by one for 2026–2035.
 */

const reform = () => givenRegistry([...registryFixtureEvents, ...registryReformFixtureEvents, ...mergedProgramFixtureEvents]);

describe('versions of a code', () => {
  it('knows both units named 03127, oldest first, and which was in force on a date', () => {
    const registry = reform();
    expect(registry.versionsOf('03127').map(describeLocalityVersion)).toEqual(['03127 Phường Him Lam (until 2025-06-30)', '03127@2025 Phường Điện Biên Phủ (from 2025-07-01)']);
    expect(localityOn(registry, '03127', '2025-06-30')?.name).toBe('Phường Him Lam');
    expect(localityOn(registry, '03127', '2025-07-01')?.name).toBe('Phường Điện Biên Phủ');
    expect(localityOn(registry, '094', '2025-07-01')).toBeUndefined();
    expect(localityOn(registry, '99999', '2025-07-01')).toBeUndefined();
  });

  it('bounds validity by both days included, unknown bounds not limiting', () => {
    expect(isInForceOn({ validFrom: '2025-07-01', validTo: null }, '2025-07-01')).toBe(true);
    expect(isInForceOn({ validFrom: '2025-07-01', validTo: null }, '2025-06-30')).toBe(false);
    expect(isInForceOn({ validFrom: null, validTo: '2025-06-30' }, '1990-01-01')).toBe(true);
    expect(isInForceOn({ validFrom: null, validTo: '2025-06-30' }, '2025-07-01')).toBe(false);
  });

  it('refuses a second version of a code in force on a day the first is', () => {
    const registry = reform();
    const overlapping: LocalityRegistered['data'] = { localityId: '03127@2024', code: '03127', name: 'Phường X', level: 'commune', parentId: '11@2025', validFrom: '2025-06-01', validTo: null };
    expect(decideRegisterLocality(registry, overlapping)).toMatchObject({ ok: false, refusal: { code: 'LOCALITY_VALIDITY_INVALID', details: { overlappingLocalityId: '03127' } } });
    const reversed = { ...overlapping, localityId: '03127@2030', validFrom: '2031-01-01', validTo: '2030-12-31' };
    expect(decideRegisterLocality(registry, reversed)).toMatchObject({ ok: false, refusal: { code: 'LOCALITY_VALIDITY_INVALID', details: { validFrom: '2031-01-01' } } });
    const later = { ...overlapping, localityId: '03127@2030', validFrom: '2030-01-01' };
    expect(decideRegisterLocality(givenRegistry([...registryFixtureEvents]), { ...later, parentId: '094' })).toEqual({ ok: true, events: [{ type: 'LocalityRegistered', data: { ...later, parentId: '094' } }] });
  });
});

describe('resolveLocalityReference', () => {
  const registry = reform();

  it('takes a version id as it is, and a code with one version as that version', () => {
    expect(resolveLocalityReference(registry, '03127@2025', null)).toEqual({ ok: true, localityId: '03127@2025' });
    expect(resolveLocalityReference(registry, '094', null)).toEqual({ ok: true, localityId: '094' });
    expect(resolveLocalityReference(registry, 'VN', null)).toEqual({ ok: true, localityId: 'VN' });
    expect(resolveLocalityReference(registry, '77777', null)).toEqual({ ok: true, localityId: '77777' });
  });

  it('resolves 03127 by the date: Phường Him Lam on 2025-06-30, the new Phường Điện Biên Phủ on 2025-07-01', () => {
    expect(resolveLocalityReference(registry, '03127', '2025-06-30')).toEqual({ ok: true, localityId: '03127' });
    expect(resolveLocalityReference(registry, '03127', '2025-07-01')).toEqual({ ok: true, localityId: '03127@2025' });
  });

  it('refuses a code that is ambiguous without a date, naming the candidates', () => {
    const resolution = resolveLocalityReference(registry, '03127', null);
    expect(resolution).toMatchObject({
      ok: false,
      refusal: { code: 'LOCALITY_CODE_AMBIGUOUS', details: { code: '03127', candidates: '03127,03127@2025' } },
    });
    if (resolution.ok) throw new Error('expected a refusal');
    expect(resolution.refusal.message).toContain('03127 Phường Him Lam (until 2025-06-30); 03127@2025 Phường Điện Biên Phủ (from 2025-07-01)');
  });

  it('refuses a code none of whose versions was in force on the date', () => {
    const registry2030 = givenRegistry([
      ...registryFixtureEvents,
      ...registryReformFixtureEvents,
      { type: 'LocalityRegistered', data: { localityId: '03127@2030', code: '03127', name: 'Phường Y', level: 'commune', parentId: '11@2025', validFrom: '2030-01-01', validTo: null } },
    ]);
    // 03127@2025 has no end, so no later version may start: give the 2025 version an end first.
    expect(resolveLocalityReference(registry2030, '03127', '2026-01-01')).toEqual({ ok: true, localityId: '03127@2025' });
    const gap = givenRegistry([
      { type: 'LocalityRegistered', data: { localityId: '50', code: '50', name: 'Tỉnh A', level: 'province', parentId: 'VN', validFrom: null, validTo: '2020-12-31' } },
      { type: 'LocalityRegistered', data: { localityId: '50@2022', code: '50', name: 'Tỉnh B', level: 'province', parentId: 'VN', validFrom: '2022-01-01', validTo: null } },
    ]);
    expect(resolveLocalityReference(gap, '50', '2021-06-01')).toMatchObject({ ok: false, refusal: { code: 'LOCALITY_NOT_IN_FORCE', details: { localityId: '50', date: '2021-06-01', candidates: '50,50@2022' } } });
  });
});

describe('lineage', () => {
  const registry = reform();

  it('knows which old units a new one came from and how, and the reverse', () => {
    expect(registry.predecessorsOf('03127@2025')).toEqual([{ predecessorId: '03127', successorId: '03127@2025', kind: 'whole', note: 'Nhập toàn bộ' }]);
    expect(registry.successorsOf('00007').map((succession) => [succession.successorId, succession.kind])).toEqual([
      ['00008@2025', 'part'],
      ['00025@2025', 'part'],
    ]);
    expect(registry.predecessorsOf('11@2025').map((succession) => [succession.predecessorId, succession.kind])).toEqual([
      ['094', 'whole'],
      ['096', 'whole'],
      ['11', 'unchanged'],
    ]);
  });

  it('lets an ended district hand over to its own successor and to its communes’ successors', () => {
    expect([...handOverTargetsOf(registry, '094')].sort()).toEqual(['03127@2025', '11@2025']);
    expect([...handOverTargetsOf(registry, '00007')].sort()).toEqual(['00008@2025', '00025@2025']);
    expect([...handOverTargetsOf(registry, '11')].sort()).toEqual(['03127@2025', '03160@2025', '11@2025']);
    expect([...handOverTargetsOf(registry, '11@2025')]).toEqual([]);
  });

  it('finds the province a unit lies in', () => {
    expect(provinceOf(registry, '03127')?.localityId).toBe('11');
    expect(provinceOf(registry, '03127@2025')?.localityId).toBe('11@2025');
    expect(provinceOf(registry, '11')?.localityId).toBe('11');
    expect(provinceOf(registry, 'VN')).toBeUndefined();
  });
});

describe('decideRecordSuccession', () => {
  const registry = reform();

  it('records a new succession, and the same one again as a no-op', () => {
    const base = givenRegistry([...registryFixtureEvents, ...registryReformFixtureEvents.filter((event) => event.type === 'LocalityRegistered')]);
    const succession = { predecessorId: '03127', successorId: '03127@2025', kind: 'whole', note: 'Nhập toàn bộ' } as const;
    expect(decideRecordSuccession(base, succession)).toEqual({ ok: true, events: [{ type: 'LocalitySucceeded', data: succession }] });
    expect(decideRecordSuccession(registry, succession)).toEqual({ ok: true, events: [] });
  });

  it.each([
    ['an unknown predecessor', { predecessorId: '99999', successorId: '03127@2025', kind: 'whole', note: null }, 'UNKNOWN_LOCALITY'],
    ['an unknown successor', { predecessorId: '03127', successorId: '99999@2025', kind: 'whole', note: null }, 'UNKNOWN_LOCALITY'],
    ['the same pair with another kind', { predecessorId: '03127', successorId: '03127@2025', kind: 'part', note: 'Nhập một phần' }, 'SUCCESSION_INVALID'],
    ['a successor that started before the predecessor ended', { predecessorId: '11@2025', successorId: '03127', kind: 'whole', note: null }, 'SUCCESSION_INVALID'],
    ['an unknown kind', { predecessorId: '096', successorId: '03127@2025', kind: 'split', note: null }, 'SUCCESSION_INVALID'],
  ] as const)('refuses %s', (_label, succession, code) => {
    expect(decideRecordSuccession(registry, succession as never)).toMatchObject({ ok: false, refusal: { code } });
  });
});

describe('deriveSuccessionsAbove', () => {
  const communeLevel = registryReformFixtureEvents.filter((event) => event.type === 'LocalityRegistered' || (event.type === 'LocalitySucceeded' && event.data.note !== null));
  const registry = givenRegistry([...registryFixtureEvents, ...communeLevel]);
  const communeSuccessions = communeLevel.flatMap((event) => (event.type === 'LocalitySucceeded' ? [event.data] : []));

  it('derives the districts’ and provinces’ successions from their communes’, as the fixture records them', () => {
    const derived = deriveSuccessionsAbove(registry, communeSuccessions);
    const expected = registryReformFixtureEvents.flatMap((event) => (event.type === 'LocalitySucceeded' && event.data.note === null ? [event.data] : []));
    expect(derived.sort((a, b) => a.predecessorId.localeCompare(b.predecessorId))).toEqual(expected.sort((a, b) => a.predecessorId.localeCompare(b.predecessorId)));
  });

  it('calls a province merged into a new one that took in another old province whole, and one split across two part', () => {
    const merged = givenRegistry([
      ...(['82', '87'] as const).flatMap((code): RegistryEvent[] => [
        { type: 'LocalityRegistered', data: { localityId: code, code, name: `Tỉnh ${code}`, level: 'province', parentId: 'VN', validFrom: null, validTo: '2025-06-30' } },
        { type: 'LocalityRegistered', data: { localityId: `${code}1`, code: `${code}1`, name: 'Huyện', level: 'district', parentId: code, validFrom: null, validTo: '2025-06-30' } },
        { type: 'LocalityRegistered', data: { localityId: `${code}001`, code: `${code}001`, name: 'Xã', level: 'commune', parentId: `${code}1`, validFrom: null, validTo: '2025-06-30' } },
        { type: 'LocalityRegistered', data: { localityId: `${code}002`, code: `${code}002`, name: 'Xã', level: 'commune', parentId: `${code}1`, validFrom: null, validTo: '2025-06-30' } },
      ]),
      { type: 'LocalityRegistered', data: { localityId: '82@2025', code: '82', name: 'Tỉnh Đồng Tháp', level: 'province', parentId: 'VN', validFrom: '2025-07-01', validTo: null } },
      { type: 'LocalityRegistered', data: { localityId: '80@2025', code: '80', name: 'Tỉnh Tây Ninh', level: 'province', parentId: 'VN', validFrom: '2025-07-01', validTo: null } },
      { type: 'LocalityRegistered', data: { localityId: '82001@2025', code: '82001', name: 'Phường', level: 'commune', parentId: '82@2025', validFrom: '2025-07-01', validTo: null } },
      { type: 'LocalityRegistered', data: { localityId: '80001@2025', code: '80001', name: 'Phường', level: 'commune', parentId: '80@2025', validFrom: '2025-07-01', validTo: null } },
    ]);
    const derived = deriveSuccessionsAbove(merged, [
      { predecessorId: '82001', successorId: '82001@2025' },
      { predecessorId: '82002', successorId: '82001@2025' },
      { predecessorId: '87001', successorId: '82001@2025' },
      { predecessorId: '87002', successorId: '80001@2025' },
    ]);
    expect(derived.map((succession) => `${succession.predecessorId}>${succession.successorId} ${succession.kind}`).sort()).toEqual([
      '821>82@2025 whole',
      '82>82@2025 whole',
      '871>80@2025 part',
      '871>82@2025 part',
      '87>80@2025 part',
      '87>82@2025 part',
    ]);
  });

  it('returns nothing the registry already holds', () => {
    expect(deriveSuccessionsAbove(reform(), communeSuccessions)).toEqual([]);
  });
});

describe('programs over time', () => {
  const registry = reform();
  const merged: RegisterProgram = {
    programCode: 'MTQG',
    name: 'Nông thôn mới, giảm nghèo bền vững và phát triển vùng đồng bào DTTS và miền núi',
    decisionRef: '257/2025/QH15',
    planYearFrom: 2026,
    planYearTo: 2035,
    components: [
      { componentCode: 'HT', name: 'Hạ tầng thiết yếu' },
      { componentCode: 'SK', name: 'Sinh kế, giảm nghèo', planYearFrom: 2026, planYearTo: 2030 },
    ],
    succeeds: ['DTTS', 'NTM', 'GNBV'],
  };

  it('registers the merged program with its components and the programs it succeeds', () => {
    const base = givenRegistry(registryFixtureEvents);
    const decision = decideRegisterProgram(base, merged);
    expect(decision).toEqual({ ok: true, events: mergedProgramFixtureEvents });
  });

  it('knows the succession both ways, and gathers a program’s lineage for a cross-period view', () => {
    expect(registry.program('MTQG')).toMatchObject({ predecessorCodes: ['DTTS', 'NTM', 'GNBV'], successorCodes: [] });
    expect(registry.program('DTTS')).toMatchObject({ successorCodes: ['MTQG'] });
    expect(registry.program('MTQG')?.components.get('SK')).toEqual({ componentCode: 'SK', name: 'Sinh kế, giảm nghèo', planYearFrom: 2026, planYearTo: 2030 });
    expect(programLineage(registry, 'MTQG').map((program) => `${program.programCode} ${program.planYearFrom}–${program.planYearTo}`)).toEqual(['MTQG 2026–2035', 'DTTS 2021–2025', 'NTM 2021–2025', 'GNBV 2021–2025']);
    expect(programLineage(registry, 'DTTS').map((program) => program.programCode)).toEqual(['DTTS']);
  });

  it('re-applies the same definition with no event', () => {
    expect(decideRegisterProgram(registry, merged)).toEqual({ ok: true, events: [] });
  });

  it.each([
    ['a predecessor that is not registered', { succeeds: ['CT135'] }, 'UNKNOWN_PROGRAM'],
    ['itself as predecessor', { succeeds: ['MTQG'] }, 'UNKNOWN_PROGRAM'],
    ['a predecessor that has not ended when it starts', { planYearFrom: 2025, succeeds: ['DTTS'] }, 'PROGRAM_SUCCESSION_INVALID'],
    ['a component outside its plan years', { components: [{ componentCode: 'HT', name: 'x', planYearFrom: 2024 }] }, 'COMPONENT_YEARS_INVALID'],
    ['a component that ends before it starts', { components: [{ componentCode: 'HT', name: 'x', planYearFrom: 2030, planYearTo: 2027 }] }, 'COMPONENT_YEARS_INVALID'],
  ] as const)('refuses %s', (_label, change, code) => {
    const base = givenRegistry(registryFixtureEvents);
    expect(decideRegisterProgram(base, { ...merged, programCode: 'MTQG2', ...change } as RegisterProgram)).toMatchObject({ ok: false, refusal: { code } });
  });

  it('refuses a registered component redefined with other plan years', () => {
    const redefined = { ...merged, components: [{ componentCode: 'SK', name: 'Sinh kế, giảm nghèo', planYearFrom: 2026, planYearTo: 2035 }] };
    expect(decideRegisterProgram(registry, redefined)).toMatchObject({ ok: false, refusal: { code: 'COMPONENT_ALREADY_REGISTERED', details: { componentCode: 'SK' } } });
  });

  it('reads a component registered before components had plan years as running the program’s span', () => {
    const state = new RegistryState();
    state.evolve({ type: 'ProgramRegistered', data: { programCode: 'GNBV', name: 'n', decisionRef: 'd', planYearFrom: 2021, planYearTo: 2025 } });
    state.evolve({ type: 'ComponentProjectRegistered', data: { programCode: 'GNBV', componentCode: 'DA1', name: 'x' } });
    expect(state.program('GNBV')?.components.get('DA1')).toEqual({ componentCode: 'DA1', name: 'x', planYearFrom: null, planYearTo: null });
  });
});
