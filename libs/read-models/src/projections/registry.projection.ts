import { nationLocalityId, RegistryState, type LocalityRegistered } from '@ledger/domain';
import { smallInteger } from '../int64';
import type { TableDefinition } from '../schema/table-definition';
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

export const localitiesTable: TableDefinition = {
  name: 'localities',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('locality_id', 'text', (column) => column.notNull())
      .addColumn('code', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('level', 'text', (column) => column.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('valid_from', 'text')
      .addColumn('valid_to', 'text')
      .addPrimaryKeyConstraint(context.primaryKey, ['locality_id'] as never),
  // By level for the list of a date's units; by code for "which unit did this code name on D".
  indexes: [
    { name: 'localities_by_level', columns: ['level', 'code'] },
    { name: 'localities_by_code', columns: ['code', 'valid_from'] },
  ],
};

export const localityClosureTable: TableDefinition = {
  name: 'locality_closure',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('ancestor_id', 'text', (column) => column.notNull())
      .addColumn('descendant_id', 'text', (column) => column.notNull())
      .addColumn('depth', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint(context.primaryKey, ['ancestor_id', 'descendant_id'] as never),
  indexes: [{ name: 'locality_closure_by_descendant', columns: ['descendant_id', 'ancestor_id'] }],
};

export const localitySuccessionsTable: TableDefinition = {
  name: 'locality_successions',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('predecessor_id', 'text', (column) => column.notNull())
      .addColumn('successor_id', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint(context.primaryKey, ['predecessor_id', 'successor_id'] as never),
  // Lineage is read both ways: what a unit became, and what a new unit came from.
  indexes: [{ name: 'locality_successions_by_successor', columns: ['successor_id', 'predecessor_id'] }],
};

export const programsTable: TableDefinition = {
  name: 'programs',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('program_code', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('decision_ref', 'text', (column) => column.notNull())
      .addColumn('plan_year_from', 'integer', (column) => column.notNull())
      .addColumn('plan_year_to', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint(context.primaryKey, ['program_code'] as never),
  indexes: [],
};

export const programComponentsTable: TableDefinition = {
  name: 'program_components',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('program_code', 'text', (column) => column.notNull())
      .addColumn('component_code', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('plan_year_from', 'integer')
      .addColumn('plan_year_to', 'integer')
      .addPrimaryKeyConstraint(context.primaryKey, ['program_code', 'component_code'] as never),
  indexes: [],
};

export const programSuccessionsTable: TableDefinition = {
  name: 'program_successions',
  create: (db, name, context) =>
    db.schema
      .createTable(name)
      .addColumn('predecessor_code', 'text', (column) => column.notNull())
      .addColumn('successor_code', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint(context.primaryKey, ['predecessor_code', 'successor_code'] as never),
  indexes: [{ name: 'program_successions_by_successor', columns: ['successor_code', 'predecessor_code'] }],
};

const localityColumns = ['locality_id', 'code', 'name', 'level', 'parent_id', 'valid_from', 'valid_to'] as const;
const closureColumns = ['ancestor_id', 'descendant_id', 'depth'] as const;
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
    await writer.insert('locality_successions', ['predecessor_id', 'successor_id', 'kind', 'note'], this.successions, { kind: 'nothing', target: ['predecessor_id', 'successor_id'] });
    await writer.insert('programs', ['program_code', 'name', 'decision_ref', 'plan_year_from', 'plan_year_to'], this.programs, { kind: 'nothing', target: ['program_code'] });
    await writer.insert('program_components', ['program_code', 'component_code', 'name', 'plan_year_from', 'plan_year_to'], this.components, { kind: 'nothing', target: ['program_code', 'component_code'] });
    await writer.insert('program_successions', ['predecessor_code', 'successor_code'], this.programSuccessions, { kind: 'nothing', target: ['predecessor_code', 'successor_code'] });
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
