import { accept, refuse, type Decision } from './refusals';
import {
  localityLevels,
  type ComponentProjectRegistered,
  type LocalityLevel,
  type LocalityRegistered,
  type ProgramRegistered,
  type RegistryEvent,
} from './registry.events';

/** The id of the nation, the root of the locality tree. */
export const nationLocalityId = 'VN';

export interface Locality {
  readonly localityId: string;
  readonly code: string;
  readonly name: string;
  readonly level: LocalityLevel;
  readonly parentId: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface Program {
  readonly programCode: string;
  readonly name: string;
  readonly decisionRef: string;
  readonly planYearFrom: number;
  readonly planYearTo: number;
  readonly components: ReadonlyMap<string, string>;
}

/** What deciders may ask of the registry. Implementations must be pure reads. */
export interface RegistryView {
  locality(localityId: string): Locality | undefined;
  program(programCode: string): Program | undefined;
}

/** True when `descendantId` lies strictly below `ancestorId` in the locality tree. */
export function isStrictlyBelow(registry: RegistryView, ancestorId: string, descendantId: string): boolean {
  let current = registry.locality(descendantId);
  // The tree has four levels; the bound guards against a corrupt cycle rather than a deep tree.
  for (let depth = 0; current && current.parentId !== null && depth < 16; depth += 1) {
    if (current.parentId === ancestorId) return true;
    current = registry.locality(current.parentId);
  }
  return false;
}

/** The registry folded from its events: the state behind `RegistryView`. */
export class RegistryState implements RegistryView {
  private readonly localities = new Map<string, Locality>();
  private readonly programs = new Map<string, Program & { components: Map<string, string> }>();
  private readonly childrenByParent = new Map<string, string[]>();
  private readonly successions = new Set<string>();

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

  children(localityId: string): readonly string[] {
    return this.childrenByParent.get(localityId) ?? [];
  }

  allLocalities(): IterableIterator<Locality> {
    return this.localities.values();
  }

  allPrograms(): IterableIterator<Program> {
    return this.programs.values();
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
        this.localities.set(event.data.localityId, { ...event.data });
        if (event.data.parentId !== null) {
          const siblings = this.childrenByParent.get(event.data.parentId) ?? [];
          siblings.push(event.data.localityId);
          this.childrenByParent.set(event.data.parentId, siblings);
        }
        return;
      }
      case 'LocalitySucceeded':
        this.successions.add(`${event.data.predecessorId}>${event.data.successorId}`);
        return;
      case 'ProgramRegistered':
        this.programs.set(event.data.programCode, { ...event.data, components: new Map() });
        return;
      case 'ComponentProjectRegistered':
        this.programs.get(event.data.programCode)?.components.set(event.data.componentCode, event.data.name);
        return;
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

/**
 * Decides the registration of one locality. Re-registering an identical unit is accepted with
 * no event, so imports can be re-run; a different unit under an existing id is refused.
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
  return accept({ type: 'LocalityRegistered', data: unit });
}

export interface RegisterProgram {
  readonly programCode: string;
  readonly name: string;
  readonly decisionRef: string;
  readonly planYearFrom: number;
  readonly planYearTo: number;
  readonly components: readonly { readonly componentCode: string; readonly name: string }[];
}

/**
 * Registers a program, or adds components to one already registered. Components already
 * registered under the same name are skipped, so a program definition can be re-applied.
 */
export function decideRegisterProgram(registry: RegistryView, command: RegisterProgram): Decision<ProgramRegistered | ComponentProjectRegistered> {
  const existing = registry.program(command.programCode);
  const events: (ProgramRegistered | ComponentProjectRegistered)[] = [];
  if (existing) {
    if (existing.name !== command.name || existing.planYearFrom !== command.planYearFrom || existing.planYearTo !== command.planYearTo) {
      return refuse('PROGRAM_ALREADY_REGISTERED', `program ${command.programCode} is already registered with other attributes`, {
        programCode: command.programCode,
        registeredName: existing.name,
      });
    }
  } else {
    const { components: _components, ...program } = command;
    events.push({ type: 'ProgramRegistered', data: program });
  }
  const seen = new Set<string>();
  for (const component of command.components) {
    if (seen.has(component.componentCode)) {
      return refuse('COMPONENT_ALREADY_REGISTERED', `component ${component.componentCode} is listed twice`, { componentCode: component.componentCode });
    }
    seen.add(component.componentCode);
    const registeredName = existing?.components.get(component.componentCode);
    if (registeredName === component.name) continue;
    if (registeredName !== undefined) {
      return refuse('COMPONENT_ALREADY_REGISTERED', `component ${component.componentCode} of ${command.programCode} is already registered with another name`, {
        componentCode: component.componentCode,
        registeredName,
      });
    }
    events.push({ type: 'ComponentProjectRegistered', data: { programCode: command.programCode, ...component } });
  }
  return accept(...events);
}
