import type { Kysely, Transaction } from 'kysely';
import type { LocalityLevel } from '@ledger/domain';
import type { ReadDatabase } from '../read-database';
import type { FundingLineFilter } from './balance.queries';
import { inSnapshot, type Snapshot } from './snapshot';
import { compareLines, findLocality, lineDimensions, subtreeLines, type LocalityName, type SubtreeLine } from './subtree.queries';

/*
 * Reports across the 1 July 2025 reorganisation: which unit a code named on a date, the old units
 * a new one came from (its lineage), and a roll-up of a new unit together with them. Also the
 * programs a program succeeded, for a view across the merger of 2026.
 */

type Db = Transaction<ReadDatabase> | Kysely<ReadDatabase>;

/** Successions followed back from a unit: a later reorganisation's units came from 2025's, and so on. */
const lineageDepthMax = 8;
/** Kinds of succession whose predecessor's whole history belongs to the successor. */
const wholeKinds = ['whole', 'renamed', 'unchanged'];

/** The structure a figure is reported on: its units and the period they were in force. */
export interface ReportStructure {
  /** The units whose subtrees the figures sum, the report's own unit first. */
  readonly localityIds: readonly string[];
  /** The period the report's own unit was in force (null: unknown, or still in force). */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Predecessors taken in only in part: their money appears only as handed over, not their history. */
  readonly partialPredecessorIds: readonly string[];
}

export interface LocalityVersion extends LocalityName {
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export async function findLocalityVersion(db: Db, localityId: string): Promise<LocalityVersion | undefined> {
  const row = await db.selectFrom('localities').selectAll().where('locality_id', '=', localityId).executeTakeFirst();
  return row ? { localityId: row.locality_id, code: row.code, name: row.name, level: row.level as LocalityLevel, parentId: row.parent_id, validFrom: row.valid_from, validTo: row.valid_to } : undefined;
}

/** The unit a code named on a date, from the registry's read model; undefined when none was in force. */
export async function localityOnDate(db: Db, code: string, date: string): Promise<LocalityVersion | undefined> {
  const row = await db
    .selectFrom('localities')
    .selectAll()
    .where('code', '=', code)
    .where((where) => where.or([where('valid_from', 'is', null), where('valid_from', '<=', date)]))
    .where((where) => where.or([where('valid_to', 'is', null), where('valid_to', '>=', date)]))
    .executeTakeFirst();
  return row ? { localityId: row.locality_id, code: row.code, name: row.name, level: row.level as LocalityLevel, parentId: row.parent_id, validFrom: row.valid_from, validTo: row.valid_to } : undefined;
}

/**
 * The structure of a report on `localityId` with its predecessors: the unit and, back through
 * its lineage, every unit it took in whole (merged, renamed or unchanged), kept to the smallest
 * set of disjoint subtrees (an old district inside an old province included is not listed again).
 */
export async function structureWithPredecessors(db: Db, localityId: string): Promise<ReportStructure> {
  const included = new Set([localityId]);
  const partial = new Set<string>();
  let frontier = [localityId];
  for (let depth = 0; depth < lineageDepthMax && frontier.length > 0; depth += 1) {
    const rows = await db.selectFrom('locality_successions').select(['predecessor_id', 'kind']).where('successor_id', 'in', frontier).execute();
    frontier = [];
    for (const row of rows) {
      if (!wholeKinds.includes(row.kind)) {
        partial.add(row.predecessor_id);
      } else if (!included.has(row.predecessor_id)) {
        included.add(row.predecessor_id);
        frontier.push(row.predecessor_id);
      }
    }
  }
  // Drop a unit that lies below another included unit: its subtree is counted there.
  const nested = new Set<string>();
  const ids = [...included];
  if (ids.length > 1) {
    const rows = await db.selectFrom('locality_closure').select('descendant_id').where('ancestor_id', 'in', ids).where('descendant_id', 'in', ids).where('depth', '>', 0).execute();
    for (const row of rows) nested.add(row.descendant_id);
  }
  const own = await findLocalityVersion(db, localityId);
  for (const id of included) partial.delete(id);
  return {
    localityIds: ids.filter((id) => !nested.has(id)),
    validFrom: own?.validFrom ?? null,
    validTo: own?.validTo ?? null,
    partialPredecessorIds: [...partial].sort(),
  };
}

/** A program and, back through the successions, the programs it carries on from. */
export async function programLineageCodes(db: Db, programCode: string): Promise<string[]> {
  const codes = [programCode];
  for (let index = 0; index < codes.length && index < lineageDepthMax * 8; index += 1) {
    const rows = await db.selectFrom('program_successions').select('predecessor_code').where('successor_code', '=', codes[index]).orderBy('predecessor_code').execute();
    for (const row of rows) if (!codes.includes(row.predecessor_code)) codes.push(row.predecessor_code);
  }
  return codes;
}

export interface RollupAcrossChange {
  readonly locality: LocalityName | undefined;
  readonly structure: ReportStructure;
  readonly lines: readonly SubtreeLine[];
}

/**
 * A unit's roll-up per funding line, on its own structure or (with `includePredecessors`) with
 * the units it came from. Across the change a hand-over from a predecessor is a movement inside
 * the report's territory, so a merged province's plan for a year before the change is the sum of
 * its predecessors' plans.
 */
export async function rollupAcrossChange(db: Kysely<ReadDatabase>, localityId: string, filter: FundingLineFilter, includePredecessors: boolean): Promise<Snapshot<RollupAcrossChange>> {
  return inSnapshot(db, ['registry', 'balances'], async (trx) => {
    const locality = await findLocality(trx, localityId);
    const own = await findLocalityVersion(trx, localityId);
    const structure: ReportStructure = includePredecessors
      ? await structureWithPredecessors(trx, localityId)
      : { localityIds: [localityId], validFrom: own?.validFrom ?? null, validTo: own?.validTo ?? null, partialPredecessorIds: [] };
    if (!locality) return { locality, structure, lines: [] };
    const lines = await subtreeLines(trx, includePredecessors ? { kind: 'union', label: localityId, localityIds: structure.localityIds } : { kind: 'one', localityId }, filter, lineDimensions);
    lines.sort(compareLines);
    return { locality, structure, lines };
  });
}
