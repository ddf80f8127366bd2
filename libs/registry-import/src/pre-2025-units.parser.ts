import type { LocalityRegistered } from '@ledger/domain';
import { pre2025Unit, provinceParentId } from './locality-ids';
import { cleanUnitText } from './unit-text';

/**
 * Parses the three-level list of units in force until 30 June 2025
 * (`simplified_json_generated_data_vn_units.json`, see shared/data/localities/SOURCE.md).
 *
 * The result is in registration order: each province, then its districts, then their communes,
 * so every parent is registered before its children. Malformed input is a broken file, not an
 * expected refusal, so it throws an Error that names the offending record.
 */
export function parsePre2025Units(jsonText: string): LocalityRegistered['data'][] {
  let document: unknown;
  try {
    document = JSON.parse(jsonText.startsWith('\uFEFF') ? jsonText.slice(1) : jsonText);
  } catch (error) {
    throw new Error(`pre-2025 units: the text is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(document)) throw new Error('pre-2025 units: expected a JSON array of provinces at the top level');

  const units: LocalityRegistered['data'][] = [];
  const seenIds = new Set<string>();
  const add = (unit: LocalityRegistered['data'], where: string): void => {
    if (seenIds.has(unit.localityId)) throw new Error(`pre-2025 units: ${where}: code ${unit.code} appears more than once`);
    seenIds.add(unit.localityId);
    units.push(unit);
  };

  document.forEach((provinceValue: unknown, provinceIndex) => {
    const province = expectRecord(provinceValue, `province #${provinceIndex + 1}`);
    const provinceCode = expectCode(province, 2, `province #${provinceIndex + 1}`);
    const provinceWhere = `province ${provinceCode}`;
    add(pre2025Unit(provinceCode, expectName(province, provinceWhere), 'province', provinceParentId), provinceWhere);

    const districts = expectArray(province, 'District', provinceWhere).map((districtValue, districtIndex) => {
      const district = expectRecord(districtValue, `${provinceWhere}, district #${districtIndex + 1}`);
      const districtCode = expectCode(district, 3, `${provinceWhere}, district #${districtIndex + 1}`);
      const districtWhere = `${provinceWhere}, district ${districtCode}`;
      expectReference(district, 'ProvinceCode', provinceCode, districtWhere);
      add(pre2025Unit(districtCode, expectName(district, districtWhere), 'district', provinceCode), districtWhere);
      return { district, districtCode, districtWhere };
    });

    for (const { district, districtCode, districtWhere } of districts) {
      // Five island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no communes: "Ward": null.
      const wards = district.Ward === null ? [] : expectArray(district, 'Ward', districtWhere);
      wards.forEach((wardValue, wardIndex) => {
        const ward = expectRecord(wardValue, `${districtWhere}, commune #${wardIndex + 1}`);
        const wardCode = expectCode(ward, 5, `${districtWhere}, commune #${wardIndex + 1}`);
        const wardWhere = `${districtWhere}, commune ${wardCode}`;
        expectReference(ward, 'DistrictCode', districtCode, wardWhere);
        add(pre2025Unit(wardCode, expectName(ward, wardWhere), 'commune', districtCode), wardWhere);
      });
    }
  });
  return units;
}

type JsonRecord = Record<string, unknown>;

function expectRecord(value: unknown, where: string): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`pre-2025 units: ${where}: expected an object`);
  return value as JsonRecord;
}

function expectArray(record: JsonRecord, key: string, where: string): unknown[] {
  const value = record[key];
  if (!Array.isArray(value)) throw new Error(`pre-2025 units: ${where}: "${key}" must be an array, found ${describe(value)}`);
  return value;
}

function expectCode(record: JsonRecord, digits: number, where: string): string {
  const value = record.Code;
  if (typeof value !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(value)) {
    throw new Error(`pre-2025 units: ${where}: "Code" must be a string of ${digits} digits, found ${describe(value)}`);
  }
  return value;
}

/** The unit type (Tỉnh, Huyện, Xã…) exists only as the prefix of FullName, so FullName is the name kept. */
function expectName(record: JsonRecord, where: string): string {
  const value = record.FullName;
  const name = typeof value === 'string' ? cleanUnitText(value) : '';
  if (name === '') throw new Error(`pre-2025 units: ${where}: "FullName" must be a non-empty string, found ${describe(value)}`);
  return name;
}

function expectReference(record: JsonRecord, key: string, expected: string, where: string): void {
  if (record[key] !== expected) throw new Error(`pre-2025 units: ${where}: "${key}" must be "${expected}" (its parent), found ${describe(record[key])}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
