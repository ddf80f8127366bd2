/**
 * Registry events. The registry of programs and localities is event-sourced like the accounts,
 * so its history (a program gaining a component, a unit merged in 2025, the three programs
 * merged into one for 2026–2035) is auditable.
 */

export const localityLevels = ['nation', 'province', 'district', 'commune'] as const;
export type LocalityLevel = (typeof localityLevels)[number];

/**
 * An administrative unit became known to the ledger. A unit is a *version* of a territory: the
 * id names one unit for its validity period; the official code may be reused by a later unit.
 */
export interface LocalityRegistered {
  readonly type: 'LocalityRegistered';
  readonly data: {
    readonly localityId: string;
    /** The official code (2 digits for a province, 3 for a district, 5 for a commune). Codes are reused over time; the id is not. */
    readonly code: string;
    readonly name: string;
    readonly level: LocalityLevel;
    readonly parentId: string | null;
    /** ISO dates bounding the unit's legal existence, both days included; null where unknown (or still in force). */
    readonly validFrom: string | null;
    readonly validTo: string | null;
  };
}

/**
 * How a successor took in a predecessor:
 * - `whole`: all of the predecessor's territory went into this successor (merged whole, or a
 *   district whose territory lies wholly in the new province);
 * - `part`: only part of it did (the rest went to other successors or stayed out);
 * - `renamed`: the same territory under another name or type (xã → phường);
 * - `unchanged`: the same territory and name, a new version because the structure changed.
 */
export const successionKinds = ['whole', 'part', 'renamed', 'unchanged'] as const;
export type SuccessionKind = (typeof successionKinds)[number];

/**
 * A unit of a later structure took in all or part of an older unit. Version 2: the kind of
 * change is a field of its own (version 1 had only the official note, `change`, from which the
 * upcaster derives it); the note is null for successions the importer derives itself (districts
 * and provinces, which the conversion table names only beside their communes).
 */
export interface LocalitySucceeded {
  readonly type: 'LocalitySucceeded';
  readonly data: { readonly predecessorId: string; readonly successorId: string; readonly kind: SuccessionKind; readonly note: string | null };
}

/** The stored data of `LocalitySucceeded` version 1. */
export interface LocalitySucceededV1Data {
  readonly predecessorId: string;
  readonly successorId: string;
  readonly change: string;
}

/**
 * The kind of change an official note of the 2025 conversion table names. The notes are free
 * text ("Nhập toàn bộ", "Nhập một phần diện tích, toàn bộ dân số", "Đổi tên", "Giữ nguyên", "Sắp
 * xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo", one typed "Nhâp một phần"); any note that
 * mentions a part is a part, so a note the ledger does not know asks for an explicit
 * apportionment rather than moving a whole balance on a guess.
 */
export function successionKindOfNote(note: string): SuccessionKind {
  const text = note.normalize('NFC').toLowerCase();
  if (text.includes('một phần') || text.includes('phần còn lại')) return 'part';
  if (text.startsWith('giữ nguyên')) return 'unchanged';
  if (text.startsWith('đổi tên') || text.startsWith('đổi loại hình')) return 'renamed';
  if (text.includes('toàn bộ')) return 'whole';
  return 'part';
}

/** A national target program became known to the ledger, for a span of plan years (its validity). */
export interface ProgramRegistered {
  readonly type: 'ProgramRegistered';
  readonly data: {
    readonly programCode: string;
    readonly name: string;
    readonly decisionRef: string;
    readonly planYearFrom: number;
    readonly planYearTo: number;
  };
}

/**
 * A component project (dự án / tiểu dự án thành phần) was added to a program. Version 2: the plan
 * years the component runs, when narrower than its program's (null: the program's own bound);
 * version 1 events had none and are read with both null.
 */
export interface ComponentProjectRegistered {
  readonly type: 'ComponentProjectRegistered';
  readonly data: {
    readonly programCode: string;
    readonly componentCode: string;
    readonly name: string;
    /** Absent on events written before version 2; read as null. */
    readonly planYearFrom?: number | null;
    readonly planYearTo?: number | null;
  };
}

/**
 * A program succeeded another: the successor carries on the predecessor's purpose from its own
 * first plan year (the three programs of 2021–2025 merged into one for 2026–2035). Money keeps
 * the program of its plan year for life; the succession only lets reports follow the purpose.
 */
export interface ProgramSucceeded {
  readonly type: 'ProgramSucceeded';
  readonly data: { readonly predecessorCode: string; readonly successorCode: string };
}

export type RegistryEvent = LocalityRegistered | LocalitySucceeded | ProgramRegistered | ComponentProjectRegistered | ProgramSucceeded;
export type RegistryEventType = RegistryEvent['type'];

/** Registry streams: one for localities, one for programs. */
export const localityRegistryStreamId = 'registry-localities';
export const programRegistryStreamId = 'registry-programs';
