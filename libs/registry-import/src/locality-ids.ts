import { nationLocalityId, type LocalityLevel, type LocalityRegistered } from '@ledger/domain';

/**
 * Identity of administrative units across the reform of 1 July 2025.
 *
 * Codes are reused across the reform (a merged commune keeps the code of the unit that hosts its
 * seat; the new Đồng Tháp province is 82, the old Tiền Giang code), so a code alone does not name
 * a territory. Units of the three-level list in force until 30 June 2025 keep their bare official
 * code as id; units of the two-level list in force from 1 July 2025 get the suffix `@2025`.
 */

/** The last day of the three-level structure (province → district → commune). */
export const pre2025ValidTo = '2025-06-30';
/** The first day of the two-level structure (province → commune). */
export const post2025ValidFrom = '2025-07-01';

export function pre2025LocalityId(code: string): string {
  return code;
}

export function post2025LocalityId(code: string): string {
  return `${code}@2025`;
}

/**
 * A unit of the pre-2025 list. The official list does not say since when each unit existed,
 * so `validFrom` is unknown rather than guessed.
 */
export function pre2025Unit(code: string, name: string, level: LocalityLevel, parentId: string | null): LocalityRegistered['data'] {
  return { localityId: pre2025LocalityId(code), code, name, level, parentId, validFrom: null, validTo: pre2025ValidTo };
}

/** A unit of the post-2025 list, still in force (no end date). */
export function post2025Unit(code: string, name: string, level: LocalityLevel, parentId: string | null): LocalityRegistered['data'] {
  return { localityId: post2025LocalityId(code), code, name, level, parentId, validFrom: post2025ValidFrom, validTo: null };
}

/** Provinces hang under the nation in both structures. */
export const provinceParentId = nationLocalityId;
