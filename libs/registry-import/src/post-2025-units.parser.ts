import { successionKindOfNote, type LocalityRegistered, type LocalitySucceeded } from '@ledger/domain';
import { parseCsv, type CsvRecord } from './csv';
import { post2025LocalityId, post2025Unit, pre2025LocalityId, provinceParentId } from './locality-ids';
import { cleanUnitText } from './unit-text';

export interface Post2025Units {
  /** Provinces first, then communes, each in the order of first appearance in the file. */
  readonly units: LocalityRegistered['data'][];
  /**
   * One per row of the table that names a pre-2025 unit, in file order, with the kind of change
   * its note names. Districts and provinces appear in the table only beside their communes; the
   * registry derives their successions from their communes' when it imports these.
   */
  readonly successions: LocalitySucceeded['data'][];
}

/** The column names of row 2, in order; a file with other columns is another format. */
export const post2025Columns = ['Tỉnh, thành phố', 'Tên Xã mới', 'Mã Xã mới', 'Tên Xã cũ', 'Mã Xã cũ', 'Ghi chú', 'Quận/huyện', 'Tỉnh cũ'] as const;
const column = { province: 0, communeName: 1, communeCode: 2, oldCommuneName: 3, oldCommuneCode: 4, change: 5, oldDistrict: 6 } as const;
/** The column names must appear within this many records from the top (a group-header row precedes them). */
export const post2025HeaderRowsMax = 5;

/**
 * Parses the official conversion table from the communes of 1 July 2025 to the older ones
 * (`BangChuyendoiDVHCmoi_cu_khong_merge.csv`, see shared/data/localities/SOURCE.md).
 *
 * Each data row pairs a new commune with one old commune it took in, wholly or in part. The new
 * units are deduplicated by code; each row becomes one succession from the old unit to the new.
 * Malformed input throws an Error naming the line of the offending record.
 */
export function parsePost2025Units(csvText: string): Post2025Units {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText.startsWith('\uFEFF') ? csvText.slice(1) : csvText);
  } catch (error) {
    throw new Error(`post-2025 units: ${(error as Error).message}`, { cause: error });
  }
  const headerIndex = records.slice(0, post2025HeaderRowsMax).findIndex(isColumnNamesRow);
  if (headerIndex < 0) {
    throw new Error(`post-2025 units: the column names row (${post2025Columns.join(' | ')}) is not among the first ${post2025HeaderRowsMax} records`);
  }

  const provinces: LocalityRegistered['data'][] = [];
  const provinceNames = new Map<string, string>();
  const communes: LocalityRegistered['data'][] = [];
  const communeProvinces = new Map<string, string>();
  const successions: LocalitySucceeded['data'][] = [];

  for (const record of records.slice(headerIndex + 1)) {
    const fields = record.fields.map(cleanUnitText);
    if (fields.every((field) => field === '')) continue;
    if (fields.length < post2025Columns.length) {
      throw new Error(`post-2025 units: line ${record.line}: expected ${post2025Columns.length} columns, found ${fields.length}`);
    }
    // Section rows ("THÀNH PHỐ HÀ NỘI", …) fill only the first column and carry no unit.
    if (fields.slice(1).every((field) => field === '')) continue;

    const province = parseProvince(fields[column.province], record);
    const knownProvinceName = provinceNames.get(province.code);
    if (knownProvinceName === undefined) {
      provinceNames.set(province.code, province.name);
      provinces.push(post2025Unit(province.code, province.name, 'province', provinceParentId));
    } else if (knownProvinceName !== province.name) {
      throw new Error(`post-2025 units: line ${record.line}: province ${province.code} is named "${province.name}" here but "${knownProvinceName}" earlier`);
    }

    const communeCode = fields[column.communeCode];
    const communeName = fields[column.communeName];
    if (!/^\d{5}$/.test(communeCode)) throw new Error(`post-2025 units: line ${record.line}: new commune code must be 5 digits, found ${JSON.stringify(communeCode)}`);
    if (communeName === '') throw new Error(`post-2025 units: line ${record.line}: new commune ${communeCode} has no name`);
    const knownProvince = communeProvinces.get(communeCode);
    if (knownProvince === undefined) {
      communeProvinces.set(communeCode, province.code);
      communes.push(post2025Unit(communeCode, communeName, 'commune', post2025LocalityId(province.code)));
    } else if (knownProvince !== province.code) {
      throw new Error(`post-2025 units: line ${record.line}: new commune ${communeCode} is listed under province ${province.code} here but ${knownProvince} earlier`);
    }
    // A commune's name can be spelt differently on different rows (05941 "Xã Điềm Thụy" / "Xã Điềm Thuỵ",
    // two placements of the tone mark); the first spelling is kept.

    const predecessorId = predecessorOf(fields, record);
    if (predecessorId !== null) {
      const note = fields[column.change];
      successions.push({ predecessorId, successorId: post2025LocalityId(communeCode), kind: successionKindOfNote(note), note: note === '' ? null : note });
    }
  }
  return { units: [...provinces, ...communes], successions };
}

function isColumnNamesRow(record: CsvRecord): boolean {
  return post2025Columns.every((name, index) => cleanUnitText(record.fields[index] ?? '') === name);
}

/** "Tỉnh Điện Biên (11)" → code "11", name "Tỉnh Điện Biên". */
function parseProvince(text: string, record: CsvRecord): { code: string; name: string } {
  const match = /^(.*\S)\s*\((\d{2})\)$/.exec(text);
  if (!match) throw new Error(`post-2025 units: line ${record.line}: province must read "Name (NN)", found ${JSON.stringify(text)}`);
  return { name: match[1], code: match[2] };
}

/**
 * The pre-2025 unit a row's new commune took in, or null when the row names no unit.
 * Usually an old commune. Five rows have no old commune: the island districts that had no
 * communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) became special zones, so the
 * predecessor is the old district. One row names territory that was no unit ("Khu vực bãi bồi
 * ven biển do huyện Kim Sơn quản lý", without a code); it yields no succession.
 */
function predecessorOf(fields: readonly string[], record: CsvRecord): string | null {
  const oldCode = fields[column.oldCommuneCode];
  if (/^\d{5}$/.test(oldCode)) return pre2025LocalityId(oldCode);
  if (oldCode !== '') throw new Error(`post-2025 units: line ${record.line}: old commune code must be 5 digits, found ${JSON.stringify(oldCode)}`);
  if (fields[column.oldCommuneName] !== '') return null;
  const district = /\((\d{3})\)$/.exec(fields[column.oldDistrict]);
  if (!district) {
    throw new Error(`post-2025 units: line ${record.line}: a row without an old commune must name the old district as "Name (NNN)", found ${JSON.stringify(fields[column.oldDistrict])}`);
  }
  return pre2025LocalityId(district[1]);
}
