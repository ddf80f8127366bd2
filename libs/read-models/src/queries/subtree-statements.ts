import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { LocalityLevel } from '@ledger/domain';
import { smallInteger } from '../int64';
import type { ReadDatabase } from '../read-database';
import type { FundingLineFilter } from './balance.queries';

/**
 * The pieces the subtree statements are built of: which subtrees (their roots through the
 * closure table), which funding lines, which events (slices of plan years and months), grouped
 * by root and line. The roll-ups and the steering committees' reports compose them.
 */

export const lineDimensions = ['program_code', 'plan_year', 'capital_type', 'budget_source'] as const;
/** The month of effective date is a dimension too, of the monthly tables only (a window must be given). */
export type LineDimension = (typeof lineDimensions)[number] | 'effective_month';

/**
 * Which events count, by the month of their effective date: those of `fromMonth` (if given)
 * through `throughMonth`. Without a window the figures are those of every event, read from the
 * all-time tables; with one they are summed from the monthly tables.
 */
export interface MonthWindow {
  readonly throughMonth: number;
  readonly fromMonth?: number;
}

/**
 * Which subtrees: one locality's; those of every locality of a level under a top locality; or
 * the union of several disjoint subtrees reported as one under a label (a new unit with the old
 * units it came from, for a report across the 2025 reorganisation).
 */
export type SubtreeRoots =
  | { readonly kind: 'one'; readonly localityId: string }
  | { readonly kind: 'level'; readonly level: LocalityLevel; readonly underLocalityId: string; readonly on?: string }
  | { readonly kind: 'union'; readonly label: string; readonly localityIds: readonly string[] };

export type Db = Transaction<ReadDatabase> | Kysely<ReadDatabase>;
export type AnyQuery = SelectQueryBuilder<any, any, any>;

export function rootIds(db: Db, roots: SubtreeRoots) {
  if (roots.kind === 'union') return db.selectFrom('localities as root').select('root.locality_id').where('root.locality_id', 'in', roots.localityIds.length > 0 ? [...roots.localityIds] : ['']);
  let query = db
    .selectFrom('localities as root')
    .innerJoin('locality_closure as top', 'top.descendant_id', 'root.locality_id')
    .select('root.locality_id')
    .where('top.ancestor_id', '=', roots.kind === 'level' ? roots.underLocalityId : roots.localityId)
    .where(roots.kind === 'level' ? 'root.level' : 'root.locality_id', '=', roots.kind === 'level' ? roots.level : roots.localityId);
  // Only the units of one structure: those in force on the day asked for.
  const on = roots.kind === 'level' ? roots.on : undefined;
  if (on !== undefined) {
    query = query
      .where((where) => where.or([where('root.valid_from', 'is', null), where('root.valid_from', '<=', on)]))
      .where((where) => where.or([where('root.valid_to', 'is', null), where('root.valid_to', '>=', on)]));
  }
  return query;
}

/** A funding-line filter, and for the carried-over figures: only plan years before one. */
export interface LineFilter extends FundingLineFilter {
  readonly planYearBefore?: number;
}

export function filtered(query: AnyQuery, alias: string, filter: LineFilter): AnyQuery {
  let result = query;
  if (filter.programCode !== undefined) result = result.where(`${alias}.program_code`, '=', filter.programCode);
  if (filter.programCodes !== undefined) result = result.where(`${alias}.program_code`, 'in', filter.programCodes.length > 0 ? [...filter.programCodes] : ['']);
  if (filter.planYear !== undefined) result = result.where(`${alias}.plan_year`, '=', filter.planYear);
  if (filter.planYearBefore !== undefined) result = result.where(`${alias}.plan_year`, '<', filter.planYearBefore);
  if (filter.capitalType !== undefined) result = result.where(`${alias}.capital_type`, '=', filter.capitalType);
  if (filter.budgetSource !== undefined) result = result.where(`${alias}.budget_source`, '=', filter.budgetSource);
  return result;
}

/** Groups by the subtree's root (or, for a union, under its one label) and the line's dimensions. */
export function grouped(query: AnyQuery, rootColumn: string, alias: string, dimensions: readonly LineDimension[], roots: SubtreeRoots): AnyQuery {
  const union = roots.kind === 'union';
  let result = query.select(union ? sql<string>`${roots.label}`.as('root_id') : sql.ref(rootColumn).as('root_id'));
  for (const dimension of dimensions) result = result.select(sql.ref(`${alias}.${dimension}`).as(dimension));
  const columns = dimensions.map((dimension) => `${alias}.${dimension}`);
  return union ? (columns.length > 0 ? result.groupBy(columns) : result) : result.groupBy([rootColumn, ...columns]);
}

/** A flow's other end lies outside the member's subtree (for a union: outside all of them). */
export function outsideOf(roots: SubtreeRoots, otherEndColumn: string) {
  return ({ not, exists, selectFrom }: any) =>
    not(
      exists(
        roots.kind === 'union'
          ? selectFrom('locality_closure as inside').select('inside.depth').where('inside.ancestor_id', 'in', [...roots.localityIds]).whereRef('inside.descendant_id', '=', otherEndColumn)
          : selectFrom('locality_closure as inside').select('inside.depth').whereRef('inside.ancestor_id', '=', 'member.ancestor_id').whereRef('inside.descendant_id', '=', otherEndColumn),
      ),
    );
}

/**
 * Which events one set of figures counts: those of a plan year (when given) whose effective
 * month lies in a window (when given). A report asks for several at once (the period, the
 * previous period, a year earlier): each statement then reads the rows once and sums every
 * slice beside the others.
 */
export interface LineSlice {
  readonly planYear?: number;
  readonly window?: MonthWindow;
}

/** Only the rows some slice counts: their plan years and the months of their windows together. */
export function slicesFiltered(query: AnyQuery, alias: string, filter: LineFilter, slices: readonly LineSlice[]): AnyQuery {
  const planYears = slices.map((slice) => slice.planYear);
  const years = planYears.every((year): year is number => year !== undefined) ? [...new Set(planYears)] : [];
  let result = filtered(query, alias, filter);
  if (years.length > 0) result = result.where(`${alias}.plan_year`, 'in', years);
  const windows = slices.map((slice) => slice.window);
  if (windows.every((window): window is MonthWindow => window !== undefined)) {
    result = result.where(`${alias}.effective_month`, '<=', Math.max(...windows.map((window) => window.throughMonth)));
    const froms = windows.map((window) => window.fromMonth);
    if (froms.every((from): from is number => from !== undefined)) result = result.where(`${alias}.effective_month`, '>=', Math.min(...froms));
  }
  return result;
}

/**
 * How a statement reads its rows once for several slices: it groups them further by plan year
 * and by segment of months (the months between two consecutive window ends), which one CASE puts
 * each row in; each slice then adds up the groups of its plan year and of the segments its window
 * covers. One slice alone is the statement's whole condition and needs no grouping.
 */
export interface Slicing {
  group(query: AnyQuery, alias: string): AnyQuery;
  /** The slices (their indexes) a row of the grouped statement counts in. */
  slicesOf(row: Record<string, unknown>): readonly number[];
}

export function slicing(slices: readonly LineSlice[]): Slicing {
  if (slices.length === 1) return { group: (query) => query, slicesOf: () => [0] };
  const byYear = slices.some((slice) => slice.planYear !== undefined);
  const windows = slices.map((slice) => slice.window);
  const ends = [...new Set(windows.flatMap((window) => (window === undefined ? [] : window.fromMonth === undefined ? [window.throughMonth] : [window.fromMonth - 1, window.throughMonth])))].sort((a, b) => a - b);
  // The ends go into the statement as literals: numbers only, never text from a request.
  if (!ends.every((end) => Number.isSafeInteger(end))) throw new Error(`a window of months ends on a whole month, not ${ends.join(', ')}`);
  const segments = windows.map((window) => (window === undefined ? undefined : { first: window.fromMonth === undefined ? 0 : ends.indexOf(window.fromMonth - 1) + 1, last: ends.indexOf(window.throughMonth) }));
  return {
    group(query, alias) {
      let result = query;
      if (byYear) result = result.select(sql.ref(`${alias}.plan_year`).as('slice_plan_year')).groupBy(`${alias}.plan_year`);
      if (ends.length > 0) {
        // Literal ends, so that the selected CASE and the grouped one are the same expression on PostgreSQL.
        const segment = sql<number>`(case ${sql.join(
          ends.map((end, index) => sql`when ${sql.ref(`${alias}.effective_month`)} <= ${sql.lit(end)} then ${sql.lit(index)}`),
          sql` `,
        )} end)`;
        result = result.select(segment.as('slice_segment')).groupBy(segment);
      }
      return result;
    },
    slicesOf(row) {
      const year = row.slice_plan_year === undefined ? undefined : smallInteger(row.slice_plan_year);
      const segment = row.slice_segment === undefined || row.slice_segment === null ? undefined : smallInteger(row.slice_segment);
      const counted: number[] = [];
      slices.forEach((slice, index) => {
        if (slice.planYear !== undefined && slice.planYear !== year) return;
        const range = segments[index];
        if (range && (segment === undefined || segment < range.first || segment > range.last)) return;
        counted.push(index);
      });
      return counted;
    },
  };
}

