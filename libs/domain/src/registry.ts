import { accept, refuse, refusal, type Decision, type Refusal } from './refusals';
import {
  localityLevels,
  successionKinds,
  type ComponentProjectRegistered,
  type LocalityLevel,
  type LocalityRegistered,
  type LocalitySucceeded,
  type ProgramRegistered,
  type ProgramSucceeded,
  type RegistryEvent,
  type SuccessionKind,
} from './registry.events';

/** The id of the nation, the root of the locality tree. */
export const nationLocalityId = 'VN';

/**
 * One version of an administrative unit: a territory under one name and one parent for its
 * validity period. The id is stable; the official code may be shared with other versions. It is
 * what its registration recorded, so the unit and its event cannot drift apart.
 */
export type Locality = LocalityRegistered['data'];

export interface Succession {
  readonly predecessorId: string;
  readonly successorId: string;
  readonly kind: SuccessionKind;
  readonly note: string | null;
}

export interface ComponentProject {
  readonly componentCode: string;
  readonly name: string;
  /** First and last plan year the component runs; null where it follows its program's. */
  readonly planYearFrom: number | null;
  readonly planYearTo: number | null;
}

export interface Program {
  readonly programCode: string;
  readonly name: string;
  readonly decisionRef: string;
  readonly planYearFrom: number;
  readonly planYearTo: number;
  readonly components: ReadonlyMap<string, ComponentProject>;
  /** Programs this one carries on from (the three of 2021–2025 for the merged program). */
  readonly predecessorCodes: readonly string[];
  /** Programs that carry this one on. */
  readonly successorCodes: readonly string[];
}

/**
 * What deciders may ask of the registry. Implementations must be pure reads. A view without the
 * optional lookups (a test double that knows a few units) knows no other versions of a code, no
 * children and no successions; deciders reach them through the functions below.
 */
export interface RegistryView {
  locality(localityId: string): Locality | undefined;
  program(programCode: string): Program | undefined;
  /** Every registered version of an official code, in order of validity (oldest first). */
  versionsOf?(code: string): readonly Locality[];
  children?(localityId: string): readonly string[];
  /** The units that took in this one, in the order the successions were recorded. */
  successorsOf?(localityId: string): readonly Succession[];
  /** The units this one took in. */
  predecessorsOf?(localityId: string): readonly Succession[];
}

export function versionsOfCode(registry: RegistryView, code: string): readonly Locality[] {
  return registry.versionsOf?.(code) ?? [];
}

export function childrenOf(registry: RegistryView, localityId: string): readonly string[] {
  return registry.children?.(localityId) ?? [];
}

export function successorsOf(registry: RegistryView, localityId: string): readonly Succession[] {
  return registry.successorsOf?.(localityId) ?? [];
}

export function predecessorsOf(registry: RegistryView, localityId: string): readonly Succession[] {
  return registry.predecessorsOf?.(localityId) ?? [];
}

/** True when `descendantId` lies strictly below `ancestorId` in the locality tree. */
export function isStrictlyBelow(registry: Pick<RegistryView, 'locality'>, ancestorId: string, descendantId: string): boolean {
  let current = registry.locality(descendantId);
  // The tree has four levels; the bound guards against a corrupt cycle rather than a deep tree.
  for (let depth = 0; current && current.parentId !== null && depth < 16; depth += 1) {
    if (current.parentId === ancestorId) return true;
    current = registry.locality(current.parentId);
  }
  return false;
}

/** True when the unit was in force on `date` (ISO): unknown bounds do not limit it. */
export function isInForceOn(locality: Pick<Locality, 'validFrom' | 'validTo'>, date: string): boolean {
  return (locality.validFrom === null || locality.validFrom <= date) && (locality.validTo === null || date <= locality.validTo);
}

/** "03127 Phường Him Lam (until 2025-06-30)": a version as refusals and answers name it. */
export function describeLocalityVersion(locality: Locality): string {
  const bounds =
    locality.validFrom === null && locality.validTo === null
      ? ''
      : locality.validFrom === null
        ? ` (until ${locality.validTo})`
        : locality.validTo === null
          ? ` (from ${locality.validFrom})`
          : ` (${locality.validFrom} to ${locality.validTo})`;
  return `${locality.localityId} ${locality.name}${bounds}`;
}

/** The version of `code` in force on `date`, if any. */
export function localityOn(registry: RegistryView, code: string, date: string): Locality | undefined {
  return versionsOfCode(registry, code).find((version) => isInForceOn(version, date));
}

/** Locality ids carry an edition suffix after `@` (`03127@2025`); a bare code names no version by itself when it has several. */
export function codeOfLocalityReference(reference: string): string {
  const at = reference.indexOf('@');
  return at < 0 ? reference : reference.slice(0, at);
}

export type LocalityResolution = { readonly ok: true; readonly localityId: string } | { readonly ok: false; readonly refusal: Refusal };

/**
 * Which unit a reference names. A version id (`03127@2025`) names itself. A bare code names its
 * only version; when the code has several (03127 was Phường Him Lam until 30 June 2025 and has
 * been Phường Điện Biên Phủ since), the date picks the one in force, and without a date the
 * reference is refused with the candidates. A reference the registry does not know is returned
 * unchanged, for the decision to refuse with its own words.
 */
export function resolveLocalityReference(registry: RegistryView, reference: string, on: string | null): LocalityResolution {
  if (reference.includes('@')) return { ok: true, localityId: reference };
  const versions = versionsOfCode(registry, reference);
  if (versions.length <= 1) return { ok: true, localityId: versions[0]?.localityId ?? reference };
  const candidates = versions.map(describeLocalityVersion).join('; ');
  if (on === null) {
    return {
      ok: false,
      refusal: refusal('LOCALITY_CODE_AMBIGUOUS', `locality code ${reference} names ${versions.length} units over time: ${candidates}; give the effective date or the version id`, {
        code: reference,
        candidates: versions.map((version) => version.localityId).join(','),
        candidateNames: candidates,
      }),
    };
  }
  const inForce = versions.find((version) => isInForceOn(version, on));
  if (inForce) return { ok: true, localityId: inForce.localityId };
  return {
    ok: false,
    refusal: refusal('LOCALITY_NOT_IN_FORCE', `no unit with code ${reference} was in force on ${on}: ${candidates}`, {
      localityId: reference,
      date: on,
      candidates: versions.map((version) => version.localityId).join(','),
    }),
  };
}

/**
 * The units an ended unit's accounts may be handed over to: its own successors and the
 * successors of the units below it. A district of 2025 has the new province as its successor
 * (the level was abolished) and, through its communes, the new communes that took them in.
 */
export function handOverTargetsOf(registry: RegistryView, localityId: string): ReadonlySet<string> {
  const targets = new Set<string>();
  const pending = [localityId];
  // The tree has four levels; a unit's descendants are visited once each.
  for (let index = 0; index < pending.length; index += 1) {
    const current = pending[index];
    for (const succession of successorsOf(registry, current)) targets.add(succession.successorId);
    pending.push(...childrenOf(registry, current));
  }
  return targets;
}

interface MutableProgram {
  programCode: string;
  name: string;
  decisionRef: string;
  planYearFrom: number;
  planYearTo: number;
  components: Map<string, ComponentProject>;
  predecessorCodes: string[];
  successorCodes: string[];
}

/** Orders versions of one code: unknown start first, then by start. */
function byValidity(a: Locality, b: Locality): number {
  if (a.validFrom === b.validFrom) return 0;
  if (a.validFrom === null) return -1;
  if (b.validFrom === null) return 1;
  return a.validFrom < b.validFrom ? -1 : 1;
}

/** The registry folded from its events: the state behind `RegistryView`. */
export class RegistryState implements RegistryView {
  private readonly localities = new Map<string, Locality>();
  private readonly programs = new Map<string, MutableProgram>();
  private readonly childrenByParent = new Map<string, string[]>();
  private readonly versionsByCode = new Map<string, Locality[]>();
  private readonly successorsById = new Map<string, Succession[]>();
  private readonly predecessorsById = new Map<string, Succession[]>();
  private readonly successions = new Map<string, Succession>();

  constructor() {
    this.localities.set(nationLocalityId, {
      localityId: nationLocalityId,
      code: nationLocalityId,
      name: 'Việt Nam',
      level: 'nation',
      parentId: null,
      validFrom: null,
      validTo: null,
    });
  }

  locality(localityId: string): Locality | undefined {
    return this.localities.get(localityId);
  }

  program(programCode: string): Program | undefined {
    return this.programs.get(programCode);
  }

  versionsOf(code: string): readonly Locality[] {
    return this.versionsByCode.get(code) ?? [];
  }

  children(localityId: string): readonly string[] {
    return this.childrenByParent.get(localityId) ?? [];
  }

  successorsOf(localityId: string): readonly Succession[] {
    return this.successorsById.get(localityId) ?? [];
  }

  predecessorsOf(localityId: string): readonly Succession[] {
    return this.predecessorsById.get(localityId) ?? [];
  }

  allLocalities(): IterableIterator<Locality> {
    return this.localities.values();
  }

  allPrograms(): IterableIterator<Program> {
    return this.programs.values();
  }

  succession(predecessorId: string, successorId: string): Succession | undefined {
    return this.successions.get(`${predecessorId}>${successorId}`);
  }

  hasSuccession(predecessorId: string, successorId: string): boolean {
    return this.successions.has(`${predecessorId}>${successorId}`);
  }

  get localityCount(): number {
    return this.localities.size;
  }

  evolve(event: RegistryEvent): void {
    switch (event.type) {
      case 'LocalityRegistered': {
        const locality: Locality = { ...event.data };
        this.localities.set(locality.localityId, locality);
        if (locality.parentId !== null) {
          const siblings = this.childrenByParent.get(locality.parentId) ?? [];
          siblings.push(locality.localityId);
          this.childrenByParent.set(locality.parentId, siblings);
        }
        const versions = this.versionsByCode.get(locality.code) ?? [];
        versions.push(locality);
        versions.sort(byValidity);
        this.versionsByCode.set(locality.code, versions);
        return;
      }
      case 'LocalitySucceeded': {
        const key = `${event.data.predecessorId}>${event.data.successorId}`;
        if (this.successions.has(key)) return;
        const succession: Succession = { ...event.data };
        this.successions.set(key, succession);
        const successors = this.successorsById.get(succession.predecessorId) ?? [];
        successors.push(succession);
        this.successorsById.set(succession.predecessorId, successors);
        const predecessors = this.predecessorsById.get(succession.successorId) ?? [];
        predecessors.push(succession);
        this.predecessorsById.set(succession.successorId, predecessors);
        return;
      }
      case 'ProgramRegistered':
        this.programs.set(event.data.programCode, { ...event.data, components: new Map(), predecessorCodes: [], successorCodes: [] });
        return;
      case 'ComponentProjectRegistered': {
        const { componentCode, name, planYearFrom, planYearTo } = event.data;
        this.programs.get(event.data.programCode)?.components.set(componentCode, { componentCode, name, planYearFrom: planYearFrom ?? null, planYearTo: planYearTo ?? null });
        return;
      }
      case 'ProgramSucceeded': {
        const predecessor = this.programs.get(event.data.predecessorCode);
        const successor = this.programs.get(event.data.successorCode);
        if (predecessor && !predecessor.successorCodes.includes(event.data.successorCode)) predecessor.successorCodes.push(event.data.successorCode);
        if (successor && !successor.predecessorCodes.includes(event.data.predecessorCode)) successor.predecessorCodes.push(event.data.predecessorCode);
        return;
      }
    }
  }
}

const levelBelow: Record<LocalityLevel, readonly LocalityLevel[]> = {
  nation: ['province'],
  // Since 1 July 2025 communes sit directly under provinces.
  province: ['district', 'commune'],
  district: ['commune'],
  commune: [],
};

/** True when two validity periods share a day; unknown bounds reach as far as they can. */
function periodsOverlap(a: Pick<Locality, 'validFrom' | 'validTo'>, b: Pick<Locality, 'validFrom' | 'validTo'>): boolean {
  const aStartsBeforeBEnds = a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo;
  const bStartsBeforeAEnds = b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/**
 * Decides the registration of one locality. Re-registering an identical unit is accepted with
 * no event, so imports can be re-run; a different unit under an existing id is refused. Two
 * versions of one code may not be in force on the same day, so a code and a date always name
 * at most one unit.
 */
export function decideRegisterLocality(registry: RegistryView, unit: LocalityRegistered['data']): Decision<LocalityRegistered> {
  const existing = registry.locality(unit.localityId);
  if (existing) {
    const same =
      existing.code === unit.code && existing.name === unit.name && existing.level === unit.level && existing.parentId === unit.parentId &&
      existing.validFrom === unit.validFrom && existing.validTo === unit.validTo;
    if (same) return accept();
    return refuse('LOCALITY_ALREADY_REGISTERED', `locality ${unit.localityId} is already registered with other attributes`, {
      localityId: unit.localityId,
      registeredName: existing.name,
    });
  }
  if (!(localityLevels as readonly string[]).includes(unit.level) || unit.level === 'nation' || unit.parentId === null) {
    return refuse('PARENT_LOCALITY_INVALID', `locality ${unit.localityId} needs a parent one level above it`, { localityId: unit.localityId });
  }
  const parent = registry.locality(unit.parentId);
  if (!parent || !levelBelow[parent.level].includes(unit.level)) {
    return refuse('PARENT_LOCALITY_INVALID', `locality ${unit.localityId} (${unit.level}) cannot sit under ${unit.parentId}`, {
      localityId: unit.localityId,
      parentId: unit.parentId,
      parentLevel: parent?.level ?? null,
    });
  }
  if (unit.validFrom !== null && unit.validTo !== null && unit.validTo < unit.validFrom) {
    return refuse('LOCALITY_VALIDITY_INVALID', `locality ${unit.localityId} would end (${unit.validTo}) before it starts (${unit.validFrom})`, {
      localityId: unit.localityId,
      validFrom: unit.validFrom,
      validTo: unit.validTo,
    });
  }
  const overlapping = versionsOfCode(registry, unit.code).find((version) => periodsOverlap(version, unit));
  if (overlapping) {
    return refuse('LOCALITY_VALIDITY_INVALID', `code ${unit.code} already names ${describeLocalityVersion(overlapping)} for part of the period of ${unit.localityId}`, {
      localityId: unit.localityId,
      overlappingLocalityId: overlapping.localityId,
      validFrom: unit.validFrom,
      validTo: unit.validTo,
    });
  }
  return accept({ type: 'LocalityRegistered', data: unit });
}

/**
 * Decides a succession: both units known, the successor starting after the predecessor ended.
 * Recording the same succession again is a no-op; the same pair with another kind is refused.
 */
export function decideRecordSuccession(registry: RegistryView, succession: LocalitySucceeded['data']): Decision<LocalitySucceeded> {
  const predecessor = registry.locality(succession.predecessorId);
  const successor = registry.locality(succession.successorId);
  for (const [role, id, unit] of [['predecessor', succession.predecessorId, predecessor], ['successor', succession.successorId, successor]] as const) {
    if (!unit) return refuse('UNKNOWN_LOCALITY', `${role}: locality ${id} is not registered`, { localityId: id });
  }
  if (!(successionKinds as readonly string[]).includes(succession.kind)) {
    return refuse('SUCCESSION_INVALID', `a succession is one of ${successionKinds.join(', ')}`, { kind: String(succession.kind) });
  }
  const recorded = successorsOf(registry, succession.predecessorId).find((known) => known.successorId === succession.successorId);
  if (recorded) {
    if (recorded.kind === succession.kind && recorded.note === succession.note) return accept();
    return refuse('SUCCESSION_INVALID', `${succession.predecessorId} → ${succession.successorId} is already recorded as ${recorded.kind}`, {
      predecessorId: succession.predecessorId,
      successorId: succession.successorId,
      recordedKind: recorded.kind,
    });
  }
  if (predecessor!.validTo === null || successor!.validFrom === null || successor!.validFrom <= predecessor!.validTo) {
    return refuse('SUCCESSION_INVALID', `${succession.successorId} can succeed ${succession.predecessorId} only once it has ended: the successor must start after the predecessor's last day`, {
      predecessorId: succession.predecessorId,
      successorId: succession.successorId,
      predecessorValidTo: predecessor!.validTo,
      successorValidFrom: successor!.validFrom,
    });
  }
  return accept({ type: 'LocalitySucceeded', data: succession });
}

export interface ComponentDefinition {
  readonly componentCode: string;
  readonly name: string;
  /** Plan years the component runs, when narrower than the program's; absent or null: the program's. */
  readonly planYearFrom?: number | null;
  readonly planYearTo?: number | null;
}

export interface RegisterProgram {
  readonly programCode: string;
  readonly name: string;
  readonly decisionRef: string;
  readonly planYearFrom: number;
  readonly planYearTo: number;
  readonly components: readonly ComponentDefinition[];
  /** Programs this one carries on from; each must end before this one starts. */
  readonly succeeds?: readonly string[];
}

type ProgramEvent = ProgramRegistered | ComponentProjectRegistered | ProgramSucceeded;

function componentYearsRefusal(command: RegisterProgram, component: ComponentDefinition): Decision<ProgramEvent> | undefined {
  const from = component.planYearFrom ?? null;
  const to = component.planYearTo ?? null;
  const outside = (year: number | null) => year !== null && (year < command.planYearFrom || year > command.planYearTo);
  if (!outside(from) && !outside(to) && (from === null || to === null || from <= to)) return undefined;
  return refuse('COMPONENT_YEARS_INVALID', `component ${component.componentCode} must run within ${command.programCode}'s plan years ${command.planYearFrom}–${command.planYearTo}, first year before last`, {
    componentCode: component.componentCode,
    planYearFrom: from,
    planYearTo: to,
  });
}

/**
 * Registers a program, or adds components and predecessors to one already registered.
 * Components already registered identically are skipped, so a program definition can be
 * re-applied; a successor names programs that end before it starts.
 */
export function decideRegisterProgram(registry: RegistryView, command: RegisterProgram): Decision<ProgramEvent> {
  const existing = registry.program(command.programCode);
  const events: ProgramEvent[] = [];
  if (existing) {
    if (existing.name !== command.name || existing.planYearFrom !== command.planYearFrom || existing.planYearTo !== command.planYearTo) {
      return refuse('PROGRAM_ALREADY_REGISTERED', `program ${command.programCode} is already registered with other attributes`, {
        programCode: command.programCode,
        registeredName: existing.name,
      });
    }
  } else {
    const { programCode, name, decisionRef, planYearFrom, planYearTo } = command;
    events.push({ type: 'ProgramRegistered', data: { programCode, name, decisionRef, planYearFrom, planYearTo } });
  }
  const seen = new Set<string>();
  for (const component of command.components) {
    if (seen.has(component.componentCode)) {
      return refuse('COMPONENT_ALREADY_REGISTERED', `component ${component.componentCode} is listed twice`, { componentCode: component.componentCode });
    }
    seen.add(component.componentCode);
    const years = componentYearsRefusal(command, component);
    if (years) return years;
    const data = { programCode: command.programCode, componentCode: component.componentCode, name: component.name, planYearFrom: component.planYearFrom ?? null, planYearTo: component.planYearTo ?? null };
    const registered = existing?.components.get(component.componentCode);
    if (registered && registered.name === data.name && registered.planYearFrom === data.planYearFrom && registered.planYearTo === data.planYearTo) continue;
    if (registered !== undefined) {
      return refuse('COMPONENT_ALREADY_REGISTERED', `component ${component.componentCode} of ${command.programCode} is already registered with another name or other plan years`, {
        componentCode: component.componentCode,
        registeredName: registered.name,
      });
    }
    events.push({ type: 'ComponentProjectRegistered', data });
  }
  for (const predecessorCode of new Set(command.succeeds ?? [])) {
    if (existing?.predecessorCodes.includes(predecessorCode)) continue;
    const predecessor = registry.program(predecessorCode);
    if (!predecessor || predecessorCode === command.programCode) {
      return refuse('UNKNOWN_PROGRAM', `program ${command.programCode} cannot succeed ${predecessorCode}: it is not another registered program`, { programCode: predecessorCode });
    }
    if (predecessor.planYearTo >= command.planYearFrom) {
      return refuse('PROGRAM_SUCCESSION_INVALID', `${command.programCode} (from ${command.planYearFrom}) can succeed ${predecessorCode} only if ${predecessorCode} ends before it starts; it runs to ${predecessor.planYearTo}`, {
        programCode: command.programCode,
        predecessorCode,
        predecessorPlanYearTo: predecessor.planYearTo,
        planYearFrom: command.planYearFrom,
      });
    }
    events.push({ type: 'ProgramSucceeded', data: { predecessorCode, successorCode: command.programCode } });
  }
  return accept(...events);
}

/**
 * The programs a cross-period view of `programCode` covers: the program and, transitively, the
 * programs it succeeded, each with the plan years it runs. Plan years are reported under each
 * program's own code; the view only gathers them.
 */
export function programLineage(registry: Pick<RegistryView, 'program'>, programCode: string): Program[] {
  const lineage: Program[] = [];
  const seen = new Set<string>();
  const pending = [programCode];
  // Successions form a short chain (three programs into one); the bound guards against a corrupt cycle.
  while (pending.length > 0 && lineage.length < 64) {
    const code = pending.shift()!;
    if (seen.has(code)) continue;
    seen.add(code);
    const program = registry.program(code);
    if (!program) continue;
    lineage.push(program);
    pending.push(...program.predecessorCodes);
  }
  return lineage;
}

/** The province a unit lies in (itself for a province), by its parents; undefined above or outside the tree. */
export function provinceOf(registry: Pick<RegistryView, 'locality'>, localityId: string): Locality | undefined {
  let current = registry.locality(localityId);
  // Four levels at most; the bound guards against a corrupt cycle.
  for (let depth = 0; current && depth < 16; depth += 1) {
    if (current.level === 'province') return current;
    current = current.parentId === null ? undefined : registry.locality(current.parentId);
  }
  return undefined;
}

/**
 * The successions of the units above those a conversion table names. The 2025 table pairs new
 * communes with old ones; the districts and provinces the old communes belonged to follow from it:
 *
 * - a unit above a named predecessor (an old district, an old province) that is not named
 *   itself is succeeded by each new province its named descendants' successors lie in: `whole`
 *   when that is one province, `part` for each when it is several;
 * - an old province wholly succeeded by a new province that took in no other old province is
 *   `unchanged` when the names agree and `renamed` otherwise.
 *
 * The old tree comes from the registry, so a wrong old-province column in the table does not
 * mislead it. Successions the registry already holds are not returned; the notes are null.
 */
export function deriveSuccessionsAbove(registry: RegistryView, successions: readonly Pick<Succession, 'predecessorId' | 'successorId'>[]): LocalitySucceeded['data'][] {
  const named = new Set(successions.map((succession) => succession.predecessorId));
  // For each unit above a named predecessor: the new provinces its descendants went to.
  const provincesByAncestor = new Map<string, Set<string>>();
  for (const succession of successions) {
    const newProvince = provinceOf(registry, succession.successorId);
    if (!newProvince) continue;
    let ancestorId = registry.locality(succession.predecessorId)?.parentId ?? null;
    for (let depth = 0; ancestorId !== null && ancestorId !== nationLocalityId && depth < 16; depth += 1) {
      if (!named.has(ancestorId)) {
        const provinces = provincesByAncestor.get(ancestorId) ?? new Set<string>();
        provinces.add(newProvince.localityId);
        provincesByAncestor.set(ancestorId, provinces);
      }
      ancestorId = registry.locality(ancestorId)?.parentId ?? null;
    }
  }
  // The old provinces each new province took in, wholly or in part, to tell a merger from an unchanged province.
  const oldProvincesTakenIn = new Map<string, Set<string>>();
  for (const [ancestorId, provinces] of provincesByAncestor) {
    if (registry.locality(ancestorId)?.level !== 'province') continue;
    for (const newProvinceId of provinces) oldProvincesTakenIn.set(newProvinceId, (oldProvincesTakenIn.get(newProvinceId) ?? new Set<string>()).add(ancestorId));
  }
  const derived: LocalitySucceeded['data'][] = [];
  for (const [predecessorId, provinces] of provincesByAncestor) {
    const predecessor = registry.locality(predecessorId);
    for (const successorId of provinces) {
      if (successorsOf(registry, predecessorId).some((known) => known.successorId === successorId)) continue;
      let kind: SuccessionKind = provinces.size === 1 ? 'whole' : 'part';
      const takenIn = oldProvincesTakenIn.get(successorId);
      if (kind === 'whole' && predecessor?.level === 'province' && takenIn?.size === 1) {
        const successor = registry.locality(successorId);
        kind = successor?.name === predecessor.name ? 'unchanged' : 'renamed';
      }
      derived.push({ predecessorId, successorId, kind, note: null });
    }
  }
  return derived;
}
