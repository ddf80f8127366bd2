/**
 * Registry events, catalogue v1. The registry of programs and localities is event-sourced like
 * the accounts, so its history (a program gaining a component, a unit merged in 2025) is auditable.
 */

export const localityLevels = ['nation', 'province', 'district', 'commune'] as const;
export type LocalityLevel = (typeof localityLevels)[number];

/** An administrative unit became known to the ledger. */
export interface LocalityRegistered {
  readonly type: 'LocalityRegistered';
  readonly data: {
    readonly localityId: string;
    /** The official code (2 digits for a province, 3 for a district, 5 for a commune). Codes are reused over time; the id is not. */
    readonly code: string;
    readonly name: string;
    readonly level: LocalityLevel;
    readonly parentId: string | null;
    /** ISO dates bounding the unit's legal existence, when known. */
    readonly validFrom: string | null;
    readonly validTo: string | null;
  };
}

/** A unit of the new (1 July 2025) structure took in all or part of an older unit. */
export interface LocalitySucceeded {
  readonly type: 'LocalitySucceeded';
  readonly data: { readonly predecessorId: string; readonly successorId: string; readonly change: string };
}

/** A national target program became known to the ledger, for a span of plan years. */
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

/** A component project (dự án / tiểu dự án thành phần) was added to a program. */
export interface ComponentProjectRegistered {
  readonly type: 'ComponentProjectRegistered';
  readonly data: { readonly programCode: string; readonly componentCode: string; readonly name: string };
}

export type RegistryEvent = LocalityRegistered | LocalitySucceeded | ProgramRegistered | ComponentProjectRegistered;
export type RegistryEventType = RegistryEvent['type'];

/** Registry streams: one for localities, one for programs. */
export const localityRegistryStreamId = 'registry-localities';
export const programRegistryStreamId = 'registry-programs';
