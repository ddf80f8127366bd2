import { nationLocalityId, RegistryState, type LocalityRegistered } from '@ledger/domain';
import { smallInteger } from '../int64';
import { columnNames, readTable, type ColumnDefinition } from '../schema/table-definition';
import type { DecodedEvent } from './decoded-event';
import type { BatchWriter, Projection, ProjectionBatch } from './projection';

/**
 * The registry's read model: localities with their names, the locality tree as a closure table
 * (every ancestor–descendant pair with its distance, the unit itself at distance 0), programs and
 * their component projects, and the successions of both (the lineage of units across the 2025
 * reorganisation, the programs merged for 2026–2035). With the closure table a subtree is one indexed join: "everything
 * under Điện Biên" is `ancestor_id = '11'`, whatever the depth.
 *
 * A locality's place in the tree never changes once registered (the registry refuses a
 * different parent under the same id), so its closure rows are written once.
 */

const localityColumnDefinitions: readonly ColumnDefinition[] = [['locality_id', 'text'], ['code', 'text'], ['name', 'text'], ['level', 'text'], ['parent_id', 'text', 'nullable'], ['valid_from', 'text', 'nullable'], ['valid_to', 'text', 'nullable']];
const closureColumnDefinitions: readonly ColumnDefinition[] = [['ancestor_id', 'text'], ['descendant_id', 'text'], ['depth', 'integer']];
const successionColumnDefinitions: readonly ColumnDefinition[] = [['predecessor_id', 'text'], ['successor_id', 'text'], ['kind', 'text'], ['note', 'text', 'nullable']];
const programColumnDefinitions: readonly ColumnDefinition[] = [['program_code', 'text'], ['name', 'text'], ['decision_ref', 'text'], ['plan_year_from', 'integer'], ['plan_year_to', 'integer']];
const componentColumnDefinitions: readonly ColumnDefinition[] = [['program_code', 'text'], ['component_code', 'text'], ['name', 'text'], ['plan_year_from', 'integer', 'nullable'], ['plan_year_to', 'integer', 'nullable']];
const programSuccessionColumnDefinitions: readonly ColumnDefinition[] = [['predecessor_code', 'text'], ['successor_code', 'text']];

export const localitiesTable = readTable({
  name: 'localities',
  columns: localityColumnDefinitions,
  primaryKey: ['locality_id'],
  // By level for the list of a date's units; by code for "which unit did this code name on D".
  indexes: [
    { name: 'localities_by_level', columns: ['level', 'code'] },
    { name: 'localities_by_code', columns: ['code', 'valid_from'] },
  ],
});

export const localityClosureTable = readTable({
  name: 'locality_closure',
  columns: closureColumnDefinitions,
  primaryKey: ['ancestor_id', 'descendant_id'],
  indexes: [{ name: 'locality_closure_by_descendant', columns: ['descendant_id', 'ancestor_id'] }],
});

export const localitySuccessionsTable = readTable({
  name: 'locality_successions',
  columns: successionColumnDefinitions,
  primaryKey: ['predecessor_id', 'successor_id'],
  // Lineage is read both ways: what a unit became, and what a new unit came from.
  indexes: [{ name: 'locality_successions_by_successor', columns: ['successor_id', 'predecessor_id'] }],
});

export const programsTable = readTable({ name: 'programs', columns: programColumnDefinitions, primaryKey: ['program_code'], indexes: [] });

export const programComponentsTable = readTable({ name: 'program_components', columns: componentColumnDefinitions, primaryKey: ['program_code', 'component_code'], indexes: [] });

export const programSuccessionsTable = readTable({
  name: 'program_successions',
  columns: programSuccessionColumnDefinitions,
  primaryKey: ['predecessor_code', 'successor_code'],
  indexes: [{ name: 'program_successions_by_successor', columns: ['successor_code', 'predecessor_code'] }],
});

const localityColumns = columnNames(localityColumnDefinitions);
const closureColumns = columnNames(closureColumnDefinitions);
const successionColumns = columnNames(successionColumnDefinitions);
const programColumns = columnNames(programColumnDefinitions);
const componentColumns = columnNames(componentColumnDefinitions);
const programSuccessionColumns = columnNames(programSuccessionColumnDefinitions);
/** Parent ids looked up per query when a batch registers units under parents registered before it. */
const parentLookupChunk = 500;

function localityRow(unit: LocalityRegistered['data']): unknown[] {
  return [unit.localityId, unit.code, unit.name, unit.level, unit.parentId, unit.validFrom, unit.validTo];
}

class RegistryBatch implements ProjectionBatch {
  private readonly registered: LocalityRegistered['data'][] = [];
  private readonly successions: unknown[][] = [];
  private readonly programs: unknown[][] = [];
  private readonly components: unknown[][] = [];
  private readonly programSuccessions: unknown[][] = [];

  apply(decoded: DecodedEvent): void {
    const { event } = decoded;
    switch (event.type) {
      case 'LocalityRegistered':
        this.registered.push(event.data);
        return;
      case 'LocalitySucceeded':
        this.successions.push([event.data.predecessorId, event.data.successorId, event.data.kind, event.data.note]);
        return;
      case 'ProgramRegistered':
        this.programs.push([event.data.programCode, event.data.name, event.data.decisionRef, event.data.planYearFrom, event.data.planYearTo]);
        return;
      case 'ComponentProjectRegistered':
        this.components.push([event.data.programCode, event.data.componentCode, event.data.name, event.data.planYearFrom ?? null, event.data.planYearTo ?? null]);
        return;
      case 'ProgramSucceeded':
        this.programSuccessions.push([event.data.predecessorCode, event.data.successorCode]);
        return;
      default:
        return;
    }
  }

  async write(writer: BatchWriter): Promise<void> {
    if (this.registered.length > 0) {
      await writer.insert('localities', localityColumns, this.registered.map(localityRow), { kind: 'nothing', target: ['locality_id'] });
      await writer.insert('locality_closure', closureColumns, await this.closureRows(writer), { kind: 'nothing', target: ['ancestor_id', 'descendant_id'] });
    }
    await writer.insert('locality_successions', successionColumns, this.successions, { kind: 'nothing', target: ['predecessor_id', 'successor_id'] });
    await writer.insert('programs', programColumns, this.programs, { kind: 'nothing', target: ['program_code'] });
    await writer.insert('program_components', componentColumns, this.components, { kind: 'nothing', target: ['program_code', 'component_code'] });
    await writer.insert('program_successions', programSuccessionColumns, this.programSuccessions, { kind: 'nothing', target: ['predecessor_code', 'successor_code'] });
  }

  /** Each unit's ancestors are its parent's ancestors one step further, plus itself. Parents come before children. */
  private async closureRows(writer: BatchWriter): Promise<unknown[][]> {
    const ancestorsOf = new Map<string, { ancestorId: string; depth: number }[]>();
    const inBatch = new Set(this.registered.map((unit) => unit.localityId));
    const parentsBefore = [...new Set(this.registered.map((unit) => unit.parentId).filter((id): id is string => id !== null && !inBatch.has(id)))];
    for (let start = 0; start < parentsBefore.length; start += parentLookupChunk) {
      const rows = await writer.db
        .selectFrom(writer.table('locality_closure'))
        .select(['descendant_id', 'ancestor_id', 'depth'])
        .where('descendant_id', 'in', parentsBefore.slice(start, start + parentLookupChunk))
        .execute();
      for (const row of rows) {
        const list = ancestorsOf.get(row.descendant_id) ?? [];
        list.push({ ancestorId: row.ancestor_id, depth: smallInteger(row.depth) });
        ancestorsOf.set(row.descendant_id, list);
      }
    }
    const rows: unknown[][] = [];
    for (const unit of this.registered) {
      const own = [{ ancestorId: unit.localityId, depth: 0 }];
      for (const ancestor of unit.parentId === null ? [] : (ancestorsOf.get(unit.parentId) ?? [])) own.push({ ancestorId: ancestor.ancestorId, depth: ancestor.depth + 1 });
      ancestorsOf.set(unit.localityId, own);
      for (const ancestor of own) rows.push([ancestor.ancestorId, unit.localityId, ancestor.depth]);
    }
    return rows;
  }
}

export const registryProjection: Projection = {
  name: 'registry',
  // 2: successions carry their kind and note; components their plan years; program successions.
  schemaVersion: 2,
  tables: [localitiesTable, localityClosureTable, localitySuccessionsTable, programsTable, programComponentsTable, programSuccessionsTable],
  /** The nation is the root of every tree; the registry knows it without an event. */
  initialize: async (writer) => {
    const nation = new RegistryState().locality(nationLocalityId);
    if (!nation) throw new Error('the registry has no nation');
    await writer.insert('localities', localityColumns, [[nation.localityId, nation.code, nation.name, nation.level, null, null, null]], { kind: 'nothing', target: ['locality_id'] });
    await writer.insert('locality_closure', closureColumns, [[nationLocalityId, nationLocalityId, 0]], { kind: 'nothing', target: ['ancestor_id', 'descendant_id'] });
  },
  startBatch: () => new RegistryBatch(),
};
