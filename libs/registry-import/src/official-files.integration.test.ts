import { decideRecordSuccession, deriveSuccessionsAbove, isInForceOn, localityOn, RegistryState, type LocalityRegistered } from '@ledger/domain';
import { dienBien2024Localities } from './fixtures/dien-bien-2024.fixture';
import { registerInOrder } from './fixtures/register-in-order';
import { reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from './fixtures/reorganisation-2025.fixture';
import { readLocalityFile, type LocalityImport } from './locality-file';
import { locateOfficialLocalityFiles } from '../../../test/support/official-locality-files';

/**
 * Reads the two official lists of administrative units (shared/data/localities, described in its
 * SOURCE.md) and checks the counts recorded there, the registration order, and the hand-written
 * fixture against the official list. The data lives outside the repository; the folder is found
 * by walking up from here, or named by LEDGER_SHARED_DATA_DIR (the `shared/data` folder).
 */

const files = locateOfficialLocalityFiles();
if ('skipReason' in files) console.warn(`official-files.integration.test.ts skipped: ${files.skipReason}`);
const describeWithData = 'skipReason' in files ? describe.skip : describe;
const suiteTitle = 'skipReason' in files ? `official locality files (skipped: ${files.skipReason})` : 'official locality files';

const countByLevel = (units: readonly LocalityRegistered['data'][]) =>
  units.reduce<Record<string, number>>((counts, unit) => ({ ...counts, [unit.level]: (counts[unit.level] ?? 0) + 1 }), {});

describeWithData(suiteTitle, () => {
  let pre2025: LocalityImport;
  let post2025: LocalityImport;

  beforeAll(async () => {
    if ('skipReason' in files) return;
    [pre2025, post2025] = await Promise.all([readLocalityFile(files.pre2025, 'pre-2025'), readLocalityFile(files.post2025, 'post-2025')]);
  });

  describe('pre-2025 list (until 2025-06-30)', () => {
    it('holds 63 provinces, 696 districts and 10,035 communes with unique ids', () => {
      expect(countByLevel(pre2025.units)).toEqual({ province: 63, district: 696, commune: 10_035 });
      expect(new Set(pre2025.units.map((unit) => unit.localityId)).size).toBe(pre2025.units.length);
      expect(pre2025.successions).toEqual([]);
    });

    it('holds Điện Biên (11) with 10 district-level units and 129 communes, as SOURCE.md lists them', () => {
      const districts = pre2025.units.filter((unit) => unit.parentId === '11');
      const communesPerDistrict = districts.map((district) => [district.code, pre2025.units.filter((unit) => unit.parentId === district.localityId).length]);
      expect(communesPerDistrict).toEqual([
        ['094', 12],
        ['095', 3],
        ['096', 11],
        ['097', 12],
        ['098', 12],
        ['099', 19],
        ['100', 21],
        ['101', 14],
        ['102', 10],
        ['103', 15],
      ]);
      expect(communesPerDistrict.reduce((sum, [, count]) => sum + Number(count), 0)).toBe(129);
    });

    it('has no communes under the five island districts', () => {
      const islands = ['318', '471', '498', '536', '755'];
      const districtsWithoutCommunes = pre2025.units
        .filter((unit) => unit.level === 'district' && !pre2025.units.some((child) => child.parentId === unit.localityId))
        .map((unit) => unit.code);
      expect(districtsWithoutCommunes).toEqual(islands);
    });

    it('registers in file order: every unit is accepted by decideRegisterLocality', () => {
      const state = new RegistryState();
      expect(registerInOrder(state, pre2025.units)).toEqual([]);
      expect(state.localityCount).toBe(1 + 63 + 696 + 10_035);
    });

    it('agrees with the hand-written Điện Biên fixture on every unit the fixture holds', () => {
      const official = new Map(pre2025.units.map((unit) => [unit.localityId, unit]));
      for (const unit of dienBien2024Localities) expect(official.get(unit.localityId)).toEqual(unit);
    });
  });

  describe('post-2025 conversion table (from 2025-07-01)', () => {
    it('holds 34 provinces and 3,321 communes with unique ids', () => {
      expect(countByLevel(post2025.units)).toEqual({ province: 34, commune: 3_321 });
      expect(new Set(post2025.units.map((unit) => unit.localityId)).size).toBe(post2025.units.length);
    });

    it('records a succession for each of its 10,571 rows except the one naming no unit', () => {
      expect(post2025.successions).toHaveLength(10_570);
      const pairs = new Set(post2025.successions.map((succession) => `${succession.predecessorId}>${succession.successorId}`));
      expect(pairs.size).toBe(10_570);
    });

    it('has 10,033 distinct old communes as predecessors, plus the five island districts', () => {
      const predecessors = new Set(post2025.successions.map((succession) => succession.predecessorId));
      const communes = [...predecessors].filter((id) => /^\d{5}$/.test(id));
      const districts = [...predecessors].filter((id) => /^\d{3}$/.test(id));
      expect(communes).toHaveLength(10_033);
      expect(districts.sort()).toEqual(['318', '471', '498', '536', '755']);
      expect(predecessors.size).toBe(10_033 + 5);
    });

    it('turns the 129 old communes of Điện Biên into 45 new ones', () => {
      const dienBienCommunes = post2025.units.filter((unit) => unit.parentId === '11@2025');
      expect(dienBienCommunes).toHaveLength(45);
      const newIds = new Set(dienBienCommunes.map((unit) => unit.localityId));
      const predecessors = new Set(post2025.successions.filter((succession) => newIds.has(succession.successorId)).map((succession) => succession.predecessorId));
      expect(predecessors.size).toBe(129);
    });

    it('registers in order after the pre-2025 list, and every succession links a pre-2025 unit to a post-2025 one', () => {
      const state = new RegistryState();
      expect(registerInOrder(state, pre2025.units)).toEqual([]);
      expect(registerInOrder(state, post2025.units)).toEqual([]);
      const links = post2025.successions.map((succession) => [state.locality(succession.predecessorId)?.validTo, state.locality(succession.successorId)?.validFrom]);
      expect(links.filter(([until, from]) => until !== '2025-06-30' || from !== '2025-07-01')).toEqual([]);
    });

    it('agrees with the hand-written reorganisation fixture on every unit and succession it holds', () => {
      const officialPre = new Map(pre2025.units.map((unit) => [unit.localityId, unit]));
      for (const unit of reorganisation2025PredecessorLocalities) expect(officialPre.get(unit.localityId)).toEqual(unit);
      const officialPost = new Map(post2025.units.map((unit) => [unit.localityId, unit]));
      for (const unit of reorganisation2025Localities) expect(officialPost.get(unit.localityId)).toEqual(unit);
      const officialSuccessions = new Map(post2025.successions.map((succession) => [`${succession.predecessorId}>${succession.successorId}`, succession]));
      for (const succession of reorganisation2025Successions) expect(officialSuccessions.get(`${succession.predecessorId}>${succession.successorId}`)).toEqual(succession);
      expect(reorganisation2025Localities.filter((unit) => unit.parentId === '11@2025').map((unit) => unit.localityId)).toEqual(
        post2025.units.filter((unit) => unit.parentId === '11@2025').map((unit) => unit.localityId),
      );
    });

    it('gives code 03127 to two units: Phường Him Lam until 30 June 2025, the new Phường Điện Biên Phủ from 1 July', () => {
      const state = new RegistryState();
      registerInOrder(state, pre2025.units);
      registerInOrder(state, post2025.units);
      expect(localityOn(state, '03127', '2025-06-30')).toMatchObject({ localityId: '03127', name: 'Phường Him Lam' });
      expect(localityOn(state, '03127', '2025-07-01')).toMatchObject({ localityId: '03127@2025', name: 'Phường Điện Biên Phủ' });
      expect(localityOn(state, '82', '2025-06-30')?.name).toBe('Tỉnh Tiền Giang');
      expect(localityOn(state, '82', '2025-07-01')?.name).toBe('Tỉnh Đồng Tháp');
      const provincesOn = (date: string) => [...state.allLocalities()].filter((unit) => unit.level === 'province' && isInForceOn(unit, date)).length;
      expect([provincesOn('2025-06-30'), provincesOn('2025-07-01')]).toEqual([63, 34]);
    });

    it('derives the lineage of the 691 districts without rows of their own and of the 63 provinces: 11 provinces unchanged, the rest merged', () => {
      const state = new RegistryState();
      registerInOrder(state, pre2025.units);
      registerInOrder(state, post2025.units);
      const derived = deriveSuccessionsAbove(state, post2025.successions);
      const districts = derived.filter((succession) => /^\d{3}$/.test(succession.predecessorId));
      const provinces = derived.filter((succession) => /^\d{2}$/.test(succession.predecessorId));
      expect(districts).toHaveLength(691);
      expect(districts.every((succession) => succession.kind === 'whole')).toBe(true);
      expect(provinces).toHaveLength(63);
      const kinds = provinces.reduce<Record<string, number>>((counts, succession) => ({ ...counts, [succession.kind]: (counts[succession.kind] ?? 0) + 1 }), {});
      expect(kinds).toEqual({ unchanged: 11, whole: 52 });
      expect(provinces.filter((succession) => succession.successorId === '82@2025').map((succession) => succession.predecessorId).sort()).toEqual(['82', '87']);
      expect(new Set(provinces.map((succession) => succession.successorId)).size).toBe(34);
      for (const succession of [...post2025.successions, ...derived]) {
        const decision = decideRecordSuccession(state, succession);
        if (!decision.ok) throw new Error(decision.refusal.message);
        decision.events.forEach((event) => state.evolve(event));
      }
    });

    it('leaves two pre-2025 communes without a successor: the table omits them', () => {
      const predecessors = new Set(post2025.successions.map((succession) => succession.predecessorId));
      const orphans = pre2025.units.filter((unit) => unit.level === 'commune' && !predecessors.has(unit.localityId)).map((unit) => `${unit.code} ${unit.name}`);
      expect(orphans.sort()).toEqual(['01651 Xã Mỹ Hưng', '02482 Xã Phú Thịnh']);
    });
  });
});
