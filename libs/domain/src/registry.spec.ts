import { decideRegisterLocality, decideRegisterProgram, isStrictlyBelow, nationLocalityId, RegistryState, type Locality, type RegisterProgram, type RegistryView } from './registry';
import type { LocalityRegistered, RegistryEvent } from './registry.events';
import { givenRegistry } from '../testing/decider-specification';
import { registryFixtureEvents } from '../testing/registry.fixture';

type Unit = LocalityRegistered['data'];

function unit(overrides: Partial<Unit> & Pick<Unit, 'localityId' | 'level' | 'parentId'>): Unit {
  return { code: overrides.localityId, name: `Đơn vị ${overrides.localityId}`, validFrom: null, validTo: null, ...overrides };
}

const dienBien = unit({ localityId: '11', name: 'Tỉnh Điện Biên', level: 'province', parentId: nationLocalityId });
const dienBienPhu = unit({ localityId: '094', name: 'Thành phố Điện Biên Phủ', level: 'district', parentId: '11' });
const himLam = unit({ localityId: '03127', name: 'Phường Him Lam', level: 'commune', parentId: '094' });

const registered = (data: Unit): RegistryEvent => ({ type: 'LocalityRegistered', data });

describe('decideRegisterLocality', () => {
  it('registers a province under the nation, a district under it and a commune under that', () => {
    expect(decideRegisterLocality(givenRegistry([]), dienBien)).toEqual({ ok: true, events: [{ type: 'LocalityRegistered', data: dienBien }] });
    expect(decideRegisterLocality(givenRegistry([registered(dienBien)]), dienBienPhu)).toEqual({ ok: true, events: [registered(dienBienPhu)] });
    expect(decideRegisterLocality(givenRegistry([registered(dienBien), registered(dienBienPhu)]), himLam)).toEqual({ ok: true, events: [registered(himLam)] });
  });

  it('registers a commune directly under a province, as the structure has been since 1 July 2025', () => {
    const muongThanh = unit({ localityId: '03334@2025', code: '03334', name: 'Phường Mường Thanh', level: 'commune', parentId: '11', validFrom: '2025-07-01' });
    expect(decideRegisterLocality(givenRegistry([registered(dienBien)]), muongThanh)).toEqual({ ok: true, events: [registered(muongThanh)] });
  });

  it('accepts an identical re-registration with no event, so an import can be re-run', () => {
    const registry = givenRegistry([registered(dienBien), registered(dienBienPhu)]);
    expect(decideRegisterLocality(registry, { ...dienBienPhu })).toEqual({ ok: true, events: [] });
  });

  it('accepts the built-in nation as already registered', () => {
    const nation = { localityId: 'VN', code: 'VN', name: 'Việt Nam', level: 'nation', parentId: null, validFrom: null, validTo: null } as const;
    expect(decideRegisterLocality(givenRegistry([]), nation)).toEqual({ ok: true, events: [] });
  });

  it.each([
    ['another name', { name: 'Thị xã Điện Biên Phủ' }],
    ['another code', { code: '095' }],
    ['another parent', { parentId: '01' }],
    ['another end of validity', { validTo: '2025-06-30' }],
    ['another start of validity', { validFrom: '1992-08-01' }],
  ])('refuses an existing id registered again with %s', (_label, change) => {
    const registry = givenRegistry([registered(dienBien), registered(dienBienPhu)]);
    const decision = decideRegisterLocality(registry, { ...dienBienPhu, ...change });
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'LOCALITY_ALREADY_REGISTERED', details: { localityId: '094', registeredName: 'Thành phố Điện Biên Phủ' } } });
  });

  it('refuses a parent that is not registered', () => {
    const decision = decideRegisterLocality(givenRegistry([]), dienBienPhu);
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'PARENT_LOCALITY_INVALID', details: { localityId: '094', parentId: '11', parentLevel: null } } });
  });

  it.each([
    ['a district directly under the nation', unit({ localityId: '999', level: 'district', parentId: 'VN' }), 'nation'],
    ['a province under a province', unit({ localityId: '12', level: 'province', parentId: '11' }), 'province'],
    ['a district under a district', unit({ localityId: '096', level: 'district', parentId: '094' }), 'district'],
    ['a commune under a commune', unit({ localityId: '03130', level: 'commune', parentId: '03127' }), 'commune'],
    ['a commune directly under the nation', unit({ localityId: '03130', level: 'commune', parentId: 'VN' }), 'nation'],
  ])('refuses %s', (_label, candidate, parentLevel) => {
    const registry = givenRegistry([registered(dienBien), registered(dienBienPhu), registered(himLam)]);
    expect(decideRegisterLocality(registry, candidate)).toMatchObject({
      ok: false,
      refusal: { code: 'PARENT_LOCALITY_INVALID', details: { localityId: candidate.localityId, parentId: candidate.parentId, parentLevel } },
    });
  });

  it('refuses a second nation, a unit without a parent and an unknown level', () => {
    const registry = givenRegistry([]);
    const refusedCode = (candidate: Unit) => {
      const decision = decideRegisterLocality(registry, candidate);
      return decision.ok ? 'accepted' : decision.refusal.code;
    };
    expect(refusedCode(unit({ localityId: 'VN2', level: 'nation', parentId: 'VN' }))).toBe('PARENT_LOCALITY_INVALID');
    expect(refusedCode(unit({ localityId: '12', level: 'province', parentId: null }))).toBe('PARENT_LOCALITY_INVALID');
    expect(refusedCode(unit({ localityId: '12', level: 'region' as Unit['level'], parentId: 'VN' }))).toBe('PARENT_LOCALITY_INVALID');
  });

  it('accepts the whole test fixture in order, so the fixture is itself a valid registry history', () => {
    const registry = new RegistryState();
    for (const event of registryFixtureEvents) {
      if (event.type !== 'LocalityRegistered') continue;
      const decision = decideRegisterLocality(registry, event.data);
      expect(decision).toEqual({ ok: true, events: [event] });
      registry.evolve(event);
    }
    expect(registry.localityCount).toBe(8);
  });
});

describe('RegistryState', () => {
  it('knows the nation from the start and indexes children by parent', () => {
    const registry = givenRegistry(registryFixtureEvents);
    expect(registry.locality('VN')).toMatchObject({ level: 'nation', parentId: null });
    expect(registry.children('VN')).toEqual(['11', '01']);
    expect(registry.children('11')).toEqual(['094', '096']);
    expect(registry.children('03127')).toEqual([]);
    expect(registry.program('DTTS')?.components.size).toBe(10);
    expect([...registry.allPrograms()].map((program) => program.programCode)).toEqual(['DTTS', 'NTM', 'GNBV']);
  });

  it('records a succession without changing either unit, and ignores a component of an unknown program', () => {
    const registry = givenRegistry(registryFixtureEvents);
    const before = registry.locality('094');
    registry.evolve({ type: 'LocalitySucceeded', data: { predecessorId: '094', successorId: '03334@2025', kind: 'part', note: 'Nhập một phần' } });
    registry.evolve({ type: 'ComponentProjectRegistered', data: { programCode: 'CT135', componentCode: 'DA1', name: 'x' } });
    expect(registry.locality('094')).toEqual(before);
    expect(registry.program('CT135')).toBeUndefined();
  });
});

describe('decideRegisterProgram', () => {
  const dtts: RegisterProgram = {
    programCode: 'DTTS',
    name: 'Phát triển kinh tế - xã hội vùng đồng bào DTTS và miền núi',
    decisionRef: '1719/QĐ-TTg',
    planYearFrom: 2021,
    planYearTo: 2025,
    components: [
      { componentCode: 'DA1', name: 'Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt' },
      { componentCode: 'DA2', name: 'Quy hoạch, sắp xếp, bố trí, ổn định dân cư' },
    ],
  };
  const programData = { programCode: 'DTTS', name: dtts.name, decisionRef: '1719/QĐ-TTg', planYearFrom: 2021, planYearTo: 2025 };
  const registeredDtts = (): RegistryState => {
    const decision = decideRegisterProgram(new RegistryState(), dtts);
    if (!decision.ok) throw new Error('the fixture program must register');
    return givenRegistry(decision.events);
  };

  it('registers a new program and each of its components', () => {
    expect(decideRegisterProgram(new RegistryState(), dtts)).toEqual({
      ok: true,
      events: [
        { type: 'ProgramRegistered', data: programData },
        { type: 'ComponentProjectRegistered', data: { programCode: 'DTTS', componentCode: 'DA1', name: dtts.components[0].name, planYearFrom: null, planYearTo: null } },
        { type: 'ComponentProjectRegistered', data: { programCode: 'DTTS', componentCode: 'DA2', name: dtts.components[1].name, planYearFrom: null, planYearTo: null } },
      ],
    });
  });

  it('registers a program without components', () => {
    expect(decideRegisterProgram(new RegistryState(), { ...dtts, components: [] })).toEqual({ ok: true, events: [{ type: 'ProgramRegistered', data: programData }] });
  });

  it('accepts the same definition again with no event', () => {
    expect(decideRegisterProgram(registeredDtts(), dtts)).toEqual({ ok: true, events: [] });
  });

  it('adds only the component that is new', () => {
    const withDa3 = { ...dtts, components: [...dtts.components, { componentCode: 'DA3', name: 'Phát triển sản xuất nông, lâm nghiệp bền vững' }] };
    expect(decideRegisterProgram(registeredDtts(), withDa3)).toEqual({
      ok: true,
      events: [{ type: 'ComponentProjectRegistered', data: { programCode: 'DTTS', componentCode: 'DA3', name: 'Phát triển sản xuất nông, lâm nghiệp bền vững', planYearFrom: null, planYearTo: null } }],
    });
  });

  it.each([
    ['another name', { name: 'Chương trình khác' }],
    ['another first plan year', { planYearFrom: 2022 }],
    ['another last plan year', { planYearTo: 2030 }],
  ])('refuses an existing program defined again with %s', (_label, change) => {
    expect(decideRegisterProgram(registeredDtts(), { ...dtts, ...change })).toMatchObject({
      ok: false,
      refusal: { code: 'PROGRAM_ALREADY_REGISTERED', details: { programCode: 'DTTS', registeredName: dtts.name } },
    });
  });

  it('refuses a registered component under another name', () => {
    const renamed = { ...dtts, components: [{ componentCode: 'DA1', name: 'Tên khác' }] };
    expect(decideRegisterProgram(registeredDtts(), renamed)).toMatchObject({
      ok: false,
      refusal: { code: 'COMPONENT_ALREADY_REGISTERED', details: { componentCode: 'DA1', registeredName: dtts.components[0].name } },
    });
  });

  it('refuses a component listed twice, for a new program and for an existing one, even under the same name', () => {
    const twice = { ...dtts, components: [...dtts.components, dtts.components[0]] };
    for (const registry of [new RegistryState(), registeredDtts()]) {
      expect(decideRegisterProgram(registry, twice)).toMatchObject({ ok: false, refusal: { code: 'COMPONENT_ALREADY_REGISTERED', details: { componentCode: 'DA1' } } });
    }
  });

  it('keeps the command’s component list out of the ProgramRegistered event', () => {
    const decision = decideRegisterProgram(new RegistryState(), dtts);
    if (!decision.ok) throw new Error('expected acceptance');
    expect(Object.keys(decision.events[0].data).sort()).toEqual(['decisionRef', 'name', 'planYearFrom', 'planYearTo', 'programCode']);
  });
});

describe('isStrictlyBelow', () => {
  const registry = givenRegistry(registryFixtureEvents);

  it.each([
    ['a province', 'VN', '11'],
    ['a district', '11', '094'],
    ['a commune two levels down', '11', '03127'],
    ['a commune three levels down', 'VN', '03127'],
  ])('finds %s below its ancestor', (_label, ancestor, descendant) => {
    expect(isStrictlyBelow(registry, ancestor, descendant)).toBe(true);
  });

  it.each([
    ['a locality and itself', '094', '094'],
    ['a parent below its child', '094', '11'],
    ['sibling districts', '094', '096'],
    ['a district of another province', '11', '001'],
    ['a commune of a sibling district', '096', '03127'],
    ['an unknown descendant', '11', '097'],
    ['an unknown ancestor', '12', '094'],
    ['the nation below anything', '11', 'VN'],
  ])('does not hold between %s', (_label, ancestor, descendant) => {
    expect(isStrictlyBelow(registry, ancestor, descendant)).toBe(false);
  });

  it('stops on a corrupt cycle instead of looping forever', () => {
    const cyclic = new Map<string, Locality>([
      ['A', { localityId: 'A', code: 'A', name: 'A', level: 'district', parentId: 'B', validFrom: null, validTo: null }],
      ['B', { localityId: 'B', code: 'B', name: 'B', level: 'district', parentId: 'A', validFrom: null, validTo: null }],
    ]);
    const view: RegistryView = { locality: (id) => cyclic.get(id), program: () => undefined };
    expect(isStrictlyBelow(view, 'C', 'A')).toBe(false);
    expect(isStrictlyBelow(view, 'B', 'A')).toBe(true);
  });
});
