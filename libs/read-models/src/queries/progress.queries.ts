import { sql, type Kysely } from 'kysely';
import type { BudgetSource, CapitalType, LocalityLevel } from '@ledger/domain';
import { int64, smallInteger } from '../int64';
import type { ReadDatabase } from '../read-database';
import { deadlineExtended, termEndMonth } from '../term';
import type { FundingLineFilter } from './balance.queries';
import { inSnapshot, type Snapshot } from './snapshot';
import { filtered, grouped, rootIds, slicesFiltered, slicing, type AnyQuery, type Db, type LineFilter } from './subtree-statements';
import { derive, findLocality, localityNames, subtreeLines, subtreeLineSlices, type DisbursementReportFilter, type LineDimension, type LineSlice, type LocalityName, type MonthWindow, type SubtreeRoots } from './subtree.queries';

/**
 * The steering committees' progress figures: the disbursement report as of the end of a month,
 * split by the money's term (current-year capital disbursed within its normal term, and money
 * disbursed after it under an extension: carried-over capital), with the carried-over capital of
 * earlier plan years beside it; the month-by-month curve; and the lists a finance department acts
 * on (components spending least, money held without moving). docs/reports.md defines each figure.
 */

/** Year × 100 + month: 202404 is April 2024. */
export type EffectiveMonth = number;

/** A window's end no effective month passes: every event recorded. */
const throughAnyMonth: EffectiveMonth = 999912;

export function monthOf(year: number, month: number): EffectiveMonth {
  return year * 100 + month;
}

/** The month before, or `months` before. */
export function monthsBefore(month: EffectiveMonth, months: number): EffectiveMonth {
  const index = Math.floor(month / 100) * 12 + (month % 100) - 1 - months;
  return monthOf(Math.floor(index / 12), (index % 12) + 1);
}

/** The last day of a month, as an ISO date. */
export function lastDayOf(month: EffectiveMonth): string {
  const year = Math.floor(month / 100);
  const monthNumber = month % 100;
  const day = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${year}-${String(monthNumber).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The progress figures are read per locality or per level; a union of subtrees is the roll-ups' alone. */
type ProgressRoots = Exclude<SubtreeRoots, { readonly kind: 'union' }>;

function rowKey(row: Record<string, unknown>, dimensions: readonly LineDimension[]): string {
  return [row.root_id, ...dimensions.map((dimension) => String(row[dimension] ?? ''))].join('|');
}

interface TermAmounts {
  readonly withinTermVnd: bigint;
  readonly afterTermVnd: bigint;
}

/**
 * Net disbursement (disbursed − reversed) per subtree root and line, split by the money's term:
 * within the normal term, and after it (under an extension), of each slice's events.
 */
async function termSplit(db: Db, roots: ProgressRoots, filter: LineFilter, dimensions: readonly LineDimension[], slices: readonly LineSlice[]): Promise<Map<string, TermAmounts>[]> {
  let query = db
    .selectFrom('locality_closure as member')
    .innerJoin('locality_monthly_totals as t', 't.locality_id', 'member.descendant_id')
    .where('member.ancestor_id', 'in', rootIds(db, roots)) as AnyQuery;
  const sliced = slicing(slices);
  query = sliced
    .group(grouped(slicesFiltered(query, 't', filter, slices), 'member.ancestor_id', 't', dimensions, roots), 't')
    .select(sql<unknown>`sum(case when t.effective_month <= ${termEndMonth('t')} then t.disbursed_vnd - t.reversed_vnd else 0 end)`.as('within_term'))
    .select(sql<unknown>`sum(case when t.effective_month > ${termEndMonth('t')} then t.disbursed_vnd - t.reversed_vnd else 0 end)`.as('after_term'));
  const result = slices.map(() => new Map<string, TermAmounts>());
  for (const row of (await query.execute()) as Record<string, unknown>[]) {
    const key = rowKey(row, dimensions);
    for (const slice of sliced.slicesOf(row)) {
      const sum = result[slice].get(key) ?? { withinTermVnd: 0n, afterTermVnd: 0n };
      result[slice].set(key, { withinTermVnd: sum.withinTermVnd + int64(row.within_term ?? 0), afterTermVnd: sum.afterTermVnd + int64(row.after_term ?? 0) });
    }
  }
  return result;
}

/**
 * What the accounts whose deadline was extended past their normal term held when that term
 * ended, per subtree root and line: the money carried over. Read per account (only accounts of
 * the plan years asked for, through the partial index of extended accounts), since an account
 * counts only once its deadline has been extended.
 */
async function heldAtTermEndByExtendedAccounts(db: Db, roots: ProgressRoots, filter: LineFilter, dimensions: readonly LineDimension[], reportingYear: number): Promise<Map<string, bigint>> {
  let query = db
    .selectFrom('locality_closure as member')
    .innerJoin('account_balances as a', 'a.locality_id', 'member.descendant_id')
    .where('member.ancestor_id', 'in', rootIds(db, roots))
    .where(deadlineExtended('a'))
    // An extension that ended before the reporting year carries nothing into it: that money can no longer be paid.
    .where('a.disbursement_deadline', '>=', `${reportingYear}-01-01`) as AnyQuery;
  query = grouped(filtered(query, 'a', filter), 'member.ancestor_id', 'a', dimensions, roots).select(sql<unknown>`sum(a.term_available_vnd)`.as('held'));
  const result = new Map<string, bigint>();
  for (const row of (await query.execute()) as Record<string, unknown>[]) result.set(rowKey(row, dimensions), int64(row.held ?? 0));
  return result;
}

export type CapitalTerm = 'current-year' | 'carried-over';

/** A report row's amounts; a carried-over row has no allocation, holdings or transit figures of its own (null). */
export interface ProgressAmounts {
  readonly planVnd: bigint;
  readonly detailedAllocatedVnd: bigint | null;
  readonly notYetAllocatedVnd: bigint | null;
  /** Net of reversals: current-year rows, everything through the period; carried-over rows, what was disbursed under the extension in the reporting year. */
  readonly disbursedVnd: bigint;
  readonly disbursedWithinTermVnd: bigint;
  readonly disbursedUnderExtensionVnd: bigint;
  readonly availableVnd: bigint | null;
  readonly inTransitInVnd: bigint | null;
}

export interface ProgressRow {
  readonly locality: LocalityName;
  readonly programCode: string;
  readonly programName: string | null;
  readonly capitalType: CapitalType;
  /** Null when the row adds the budget sources up. */
  readonly budgetSource: BudgetSource | null;
  readonly capital: CapitalTerm;
  /** The money's plan year: the report's for current-year rows, an earlier one for carried-over rows. */
  readonly planYear: number;
  readonly amounts: ProgressAmounts;
  readonly previousPeriod: ProgressAmounts | null;
  readonly yearEarlier: ProgressAmounts | null;
}

/**
 * The disbursement report's filter (the localities of a level under a top locality) and the
 * report's choices. The plan year is the reporting year: its money is current-year capital;
 * earlier plan years' money disbursed in it is carried over.
 */
export interface ProgressReportRequest extends DisbursementReportFilter {
  /** One row per budget source rather than their sum. */
  readonly bySource: boolean;
  /** Add rows for earlier plan years' money disbursed in the reporting year under an extension. */
  readonly withCarriedOver: boolean;
  /** As of the end of this month (by effective date); everything recorded when absent. */
  readonly throughMonth?: EffectiveMonth;
  /** Also the figures as of the end of this earlier month (the previous period). */
  readonly previousMonth?: EffectiveMonth;
  /** Also last year's report (plan year − 1) as of the same month a year earlier. */
  readonly yearEarlier: boolean;
}

export interface ProgressReport {
  readonly top: LocalityName | undefined;
  readonly rows: readonly ProgressRow[];
}

interface Pass {
  readonly planYear: number;
  readonly window: MonthWindow | undefined;
}

function lineFilter(request: ProgressReportRequest): FundingLineFilter {
  return { programCode: request.programCode, capitalType: request.capitalType, budgetSource: request.budgetSource };
}

interface AmountsEntry {
  readonly rootId: string;
  readonly programCode: string;
  readonly capitalType: CapitalType;
  readonly budgetSource: BudgetSource | null;
  readonly capital: CapitalTerm;
  readonly planYear: number;
  readonly amounts: ProgressAmounts;
}

/** Row keys (locality|program|capital type|source|term|plan year) to their amounts: one map a pass. */
type PassAmounts = Map<string, AmountsEntry>;

function progressDimensions(request: ProgressReportRequest): LineDimension[] {
  return request.bySource ? ['program_code', 'capital_type', 'budget_source'] : ['program_code', 'capital_type'];
}

function progressRoots(request: ProgressReportRequest): ProgressRoots {
  return { kind: 'level', level: request.level, underLocalityId: request.underLocalityId, on: request.on };
}

/**
 * The current-year amounts of every pass (the period, the previous period, a year earlier), each
 * statement reading its rows once for all of them. A pass without a month (everything recorded)
 * reads through the last month when another pass has one: the monthly tables hold the same sums.
 */
async function currentYearAmounts(db: Db, request: ProgressReportRequest, passes: readonly Pass[]): Promise<PassAmounts[]> {
  const roots = progressRoots(request);
  const dimensions = progressDimensions(request);
  const windowed = passes.some((pass) => pass.window !== undefined);
  const slices: LineSlice[] = passes.map((pass) => ({ planYear: pass.planYear, window: pass.window ?? (windowed ? { throughMonth: throughAnyMonth } : undefined) }));
  const filter = lineFilter(request);
  const linesBySlice = await subtreeLineSlices(db, roots, filter, dimensions, slices);
  const splitBySlice = await termSplit(db, roots, filter, dimensions, slices.map((slice) => ({ ...slice, window: slice.window ?? { throughMonth: throughAnyMonth } })));
  return passes.map((pass, index) => {
    const result: PassAmounts = new Map();
    for (const line of linesBySlice[index]) {
      if (line.programCode === null || line.capitalType === null) continue;
      const derived = derive(line);
      const key = [line.rootLocalityId, line.programCode, line.capitalType, ...(request.bySource ? [line.budgetSource ?? ''] : [])].join('|');
      const terms = splitBySlice[index].get(key) ?? { withinTermVnd: derived.netDisbursedVnd, afterTermVnd: 0n };
      result.set(`${key}|current-year|${pass.planYear}`, {
        rootId: line.rootLocalityId,
        programCode: line.programCode,
        capitalType: line.capitalType,
        budgetSource: request.bySource ? line.budgetSource : null,
        capital: 'current-year',
        planYear: pass.planYear,
        amounts: {
          planVnd: derived.planVnd,
          detailedAllocatedVnd: derived.detailedAllocatedVnd,
          notYetAllocatedVnd: derived.notYetAllocatedVnd,
          disbursedVnd: derived.netDisbursedVnd,
          disbursedWithinTermVnd: terms.withinTermVnd,
          disbursedUnderExtensionVnd: terms.afterTermVnd,
          availableVnd: line.availableVnd,
          inTransitInVnd: line.inTransitInVnd,
        },
      });
    }
    return result;
  });
}

/**
 * Earlier plan years' money in a pass: what extended accounts held when their normal term ended,
 * less what they disbursed under the extension before the reporting year began, is the
 * carried-over plan; what they disbursed under it from 1 January of the reporting year through
 * the period is its disbursement. Added to the pass's amounts.
 */
async function addCarriedOver(db: Db, request: ProgressReportRequest, pass: Pass, result: PassAmounts): Promise<void> {
  const roots = progressRoots(request);
  const earlier: LineFilter = { ...lineFilter(request), planYearBefore: pass.planYear };
  const carriedDimensions: LineDimension[] = [...progressDimensions(request), 'plan_year'];
  const yearStart = monthOf(pass.planYear, 1);
  const held = await heldAtTermEndByExtendedAccounts(db, roots, earlier, carriedDimensions, pass.planYear);
  // Most subtrees have no extended account: then there is nothing carried over to split by date.
  if (held.size === 0) return;
  const [before, during] = await termSplit(db, roots, earlier, carriedDimensions, [{ window: { throughMonth: yearStart - 1 } }, { window: { throughMonth: pass.window?.throughMonth ?? throughAnyMonth, fromMonth: yearStart } }]);
  for (const [key, heldVnd] of held) {
    const parts = key.split('|');
    const [rootId, programCode, capitalType] = parts;
    const budgetSource = request.bySource ? (parts[3] as BudgetSource) : null;
    const planYear = Number(parts[parts.length - 1]);
    const planVnd = heldVnd - (before.get(key)?.afterTermVnd ?? 0n);
    const disbursedVnd = during.get(key)?.afterTermVnd ?? 0n;
    if (planVnd === 0n && disbursedVnd === 0n) continue;
    const rowKeyText = [rootId, programCode, capitalType, ...(request.bySource ? [budgetSource ?? ''] : [])].join('|');
    result.set(`${rowKeyText}|carried-over|${planYear}`, {
      rootId,
      programCode,
      capitalType: capitalType as CapitalType,
      budgetSource,
      capital: 'carried-over',
      planYear,
      amounts: { planVnd, detailedAllocatedVnd: null, notYetAllocatedVnd: null, disbursedVnd, disbursedWithinTermVnd: 0n, disbursedUnderExtensionVnd: disbursedVnd, availableVnd: null, inTransitInVnd: null },
    });
  }
}

/** Every pass's rows: current-year amounts for all of them at once, then each one's carried-over money when asked. */
async function amountsFor(db: Db, request: ProgressReportRequest, passes: readonly Pass[]): Promise<PassAmounts[]> {
  const amounts = await currentYearAmounts(db, request, passes);
  if (request.withCarriedOver) for (const [index, pass] of passes.entries()) await addCarriedOver(db, request, pass, amounts[index]);
  return amounts;
}

/** A year-earlier row matches on everything but the plan year, which is one less. */
function yearEarlierKey(key: string): string {
  const parts = key.split('|');
  parts[parts.length - 1] = String(Number(parts[parts.length - 1]) - 1);
  return parts.join('|');
}

/**
 * The disbursement progress report, in one read snapshot: per locality of a level (under a top
 * locality), program, capital type (and budget source), current-year rows and — when asked —
 * carried-over rows, as of the end of a month, with the previous period and the same period a
 * year earlier beside them.
 */
export async function progressReport(db: Kysely<ReadDatabase>, request: ProgressReportRequest): Promise<Snapshot<ProgressReport>> {
  return inSnapshot(db, ['registry', 'balances'], async (trx) => {
    const top = await findLocality(trx, request.underLocalityId);
    if (!top) return { top, rows: [] };
    const yearEarlierMonth = request.throughMonth === undefined ? undefined : monthsBefore(request.throughMonth, 12);
    const passes: Pass[] = [{ planYear: request.planYear, window: request.throughMonth === undefined ? undefined : { throughMonth: request.throughMonth } }];
    if (request.previousMonth !== undefined) passes.push({ planYear: request.planYear, window: { throughMonth: request.previousMonth } });
    if (request.yearEarlier) passes.push({ planYear: request.planYear - 1, window: yearEarlierMonth === undefined ? undefined : { throughMonth: yearEarlierMonth } });
    const [current, ...others] = await amountsFor(trx, request, passes);
    const previous = request.previousMonth === undefined ? undefined : others.shift();
    const lastYear = request.yearEarlier ? others.shift() : undefined;
    const localities = await localityNames(trx, [...new Set([...current.values()].map((entry) => entry.rootId))]);
    const programs = new Map<string, string>();
    if (current.size > 0) for (const row of await trx.selectFrom('programs').select(['program_code', 'name']).execute()) programs.set(row.program_code, row.name);
    const rows: ProgressRow[] = [];
    for (const [key, entry] of current) {
      const locality = localities.get(entry.rootId);
      if (!locality) continue;
      rows.push({
        locality,
        programCode: entry.programCode,
        programName: programs.get(entry.programCode) ?? null,
        capitalType: entry.capitalType,
        budgetSource: entry.budgetSource,
        capital: entry.capital,
        planYear: entry.planYear,
        amounts: entry.amounts,
        previousPeriod: previous ? (previous.get(key)?.amounts ?? null) : null,
        yearEarlier: lastYear ? (lastYear.get(yearEarlierKey(key))?.amounts ?? null) : null,
      });
    }
    const termOrder = (capital: CapitalTerm) => (capital === 'current-year' ? 0 : 1);
    rows.sort(
      (a, b) =>
        a.locality.code.localeCompare(b.locality.code) ||
        a.locality.localityId.localeCompare(b.locality.localityId) ||
        a.programCode.localeCompare(b.programCode) ||
        a.capitalType.localeCompare(b.capitalType) ||
        (a.budgetSource ?? '').localeCompare(b.budgetSource ?? '') ||
        termOrder(a.capital) - termOrder(b.capital) ||
        b.planYear - a.planYear,
    );
    return { top, rows };
  });
}

export interface MonthlyProgressRequest {
  readonly localityId: string;
  readonly planYear: number;
  readonly programCode?: string;
  readonly capitalType?: CapitalType;
  readonly budgetSource?: BudgetSource;
}

export interface MonthFigures {
  readonly month: EffectiveMonth;
  /** Changes of the month. */
  readonly planChangeVnd: bigint;
  readonly detailedAllocatedChangeVnd: bigint;
  readonly disbursedVnd: bigint;
  /** Running totals at the month's end. */
  readonly planVnd: bigint;
  readonly detailedAllocatedVnd: bigint;
  readonly cumulativeDisbursedVnd: bigint;
  /** Of the running disbursement: after the normal term, under an extension. */
  readonly cumulativeDisbursedUnderExtensionVnd: bigint;
}

export interface MonthlyProgress {
  readonly locality: LocalityName | undefined;
  readonly months: readonly MonthFigures[];
}

/**
 * A locality subtree's plan year month by month, by effective date: each month's changes and the
 * running totals at its end, from January of the plan year (earlier entries count in January)
 * through the last month with an entry.
 */
export async function monthlyProgress(db: Kysely<ReadDatabase>, request: MonthlyProgressRequest): Promise<Snapshot<MonthlyProgress>> {
  return inSnapshot(db, ['registry', 'balances'], async (trx) => {
    const locality = await findLocality(trx, request.localityId);
    if (!locality) return { locality, months: [] };
    const roots: ProgressRoots = { kind: 'one', localityId: request.localityId };
    const filter = { planYear: request.planYear, programCode: request.programCode, capitalType: request.capitalType, budgetSource: request.budgetSource };
    const lines = await subtreeLines(trx, roots, filter, ['effective_month'], { throughMonth: throughAnyMonth });
    const [split] = await termSplit(trx, roots, filter, ['effective_month'], [{ window: { throughMonth: throughAnyMonth } }]);
    const firstMonth = monthOf(request.planYear, 1);
    const byMonth = new Map<number, { plan: bigint; detailed: bigint; disbursed: bigint; underExtension: bigint }>();
    for (const line of lines) {
      const month = Math.max(line.effectiveMonth ?? firstMonth, firstMonth);
      const derived = derive(line);
      const entry = byMonth.get(month) ?? { plan: 0n, detailed: 0n, disbursed: 0n, underExtension: 0n };
      entry.plan += derived.planVnd;
      entry.detailed += derived.detailedAllocatedVnd;
      entry.disbursed += derived.netDisbursedVnd;
      entry.underExtension += split.get(`${request.localityId}|${line.effectiveMonth ?? ''}`)?.afterTermVnd ?? 0n;
      byMonth.set(month, entry);
    }
    const lastMonth = Math.max(firstMonth, ...byMonth.keys());
    const months: MonthFigures[] = [];
    let planVnd = 0n;
    let detailedAllocatedVnd = 0n;
    let cumulativeDisbursedVnd = 0n;
    let cumulativeDisbursedUnderExtensionVnd = 0n;
    for (let month = firstMonth; month <= lastMonth; month = monthsBefore(month, -1)) {
      const entry = byMonth.get(month) ?? { plan: 0n, detailed: 0n, disbursed: 0n, underExtension: 0n };
      planVnd += entry.plan;
      detailedAllocatedVnd += entry.detailed;
      cumulativeDisbursedVnd += entry.disbursed;
      cumulativeDisbursedUnderExtensionVnd += entry.underExtension;
      months.push({ month, planChangeVnd: entry.plan, detailedAllocatedChangeVnd: entry.detailed, disbursedVnd: entry.disbursed, planVnd, detailedAllocatedVnd, cumulativeDisbursedVnd, cumulativeDisbursedUnderExtensionVnd });
    }
    return { locality, months };
  });
}

export interface ComponentFigures {
  readonly programCode: string;
  readonly componentCode: string;
  readonly componentName: string | null;
  /** Held by the component's accounts in the subtree. */
  readonly availableVnd: bigint;
  readonly disbursedVnd: bigint;
  readonly accountCount: number;
}

/**
 * Component projects in a subtree, with what their accounts have disbursed and still hold; the
 * caller ranks them by the share disbursed (disbursed ÷ (disbursed + held)).
 */
export async function componentFigures(db: Db, localityId: string, filter: FundingLineFilter): Promise<ComponentFigures[]> {
  let query = db
    .selectFrom('locality_closure as member')
    .innerJoin('account_balances as a', 'a.locality_id', 'member.descendant_id')
    .leftJoin('program_components as c', (join) => join.onRef('c.program_code', '=', 'a.program_code').onRef('c.component_code', '=', 'a.component_code'))
    .where('member.ancestor_id', '=', localityId)
    .where('a.component_code', 'is not', null) as AnyQuery;
  query = filtered(query, 'a', filter)
    .select(['a.program_code', 'a.component_code'])
    .select(sql<unknown>`max(c.name)`.as('component_name'))
    .select(sql<unknown>`sum(a.available_vnd)`.as('available'))
    .select(sql<unknown>`sum(a.disbursed_vnd - a.reversed_vnd)`.as('disbursed'))
    .select(sql<unknown>`count(*)`.as('accounts'))
    .groupBy(['a.program_code', 'a.component_code']);
  return ((await query.execute()) as Record<string, unknown>[]).map((row) => ({
    programCode: row.program_code as string,
    componentCode: row.component_code as string,
    componentName: (row.component_name as string | null) ?? null,
    availableVnd: int64(row.available ?? 0),
    disbursedVnd: int64(row.disbursed ?? 0),
    accountCount: smallInteger(row.accounts ?? 0),
  }));
}

export interface IdleAccount {
  readonly accountId: string;
  readonly localityId: string;
  readonly localityName: string | null;
  readonly programCode: string;
  readonly planYear: number;
  readonly capitalType: CapitalType;
  readonly budgetSource: BudgetSource;
  readonly componentCode: string | null;
  readonly availableVnd: bigint;
  /** What the account allocated onwards: an account that allocates and still holds money holds money not yet allocated. */
  readonly allocatedOutVnd: bigint;
  readonly disbursedVnd: bigint;
  /** The last debit's effective date, or the first credit's when the account never paid anything out. */
  readonly idleSince: string;
  readonly disbursementDeadline: string;
}

export interface IdleMoneyRequest {
  readonly localityId: string;
  /** Accounts whose money has not moved since this date (inclusive). */
  readonly idleSinceOnOrBefore: string;
  readonly planYear?: number;
  readonly programCode?: string;
  readonly limit: number;
}

/**
 * Money that sits: accounts in a subtree that hold money and whose last payment or allocation out
 * (or, never having paid out, whose first receipt) is on or before a date. Longest idle first.
 */
export async function idleMoney(db: Kysely<ReadDatabase>, request: IdleMoneyRequest): Promise<Snapshot<{ readonly locality: LocalityName | undefined; readonly accounts: readonly IdleAccount[] }>> {
  return inSnapshot(db, ['registry', 'balances'], async (trx) => {
    const locality = await findLocality(trx, request.localityId);
    if (!locality) return { locality, accounts: [] };
    const idleSince = sql<string>`coalesce(a.last_outflow_on, a.first_received_on)`;
    let query = trx
      .selectFrom('locality_closure as member')
      .innerJoin('account_balances as a', 'a.locality_id', 'member.descendant_id')
      .leftJoin('localities as l', 'l.locality_id', 'a.locality_id')
      .where('member.ancestor_id', '=', request.localityId)
      .where('a.available_vnd', '>', 0n)
      .where(sql<boolean>`${idleSince} <= ${request.idleSinceOnOrBefore}`) as AnyQuery;
    query = filtered(query, 'a', { planYear: request.planYear, programCode: request.programCode })
      .select(['a.account_id', 'a.locality_id', 'l.name', 'a.program_code', 'a.plan_year', 'a.capital_type', 'a.budget_source', 'a.component_code', 'a.available_vnd', 'a.allocated_out_vnd', 'a.disbursed_vnd', 'a.reversed_vnd', 'a.disbursement_deadline'])
      .select(idleSince.as('idle_since'))
      .orderBy(sql`coalesce(a.last_outflow_on, a.first_received_on)`)
      .orderBy('a.available_vnd', 'desc')
      .orderBy('a.account_id')
      .limit(request.limit);
    const accounts = ((await query.execute()) as Record<string, unknown>[]).map((row) => ({
      accountId: row.account_id as string,
      localityId: row.locality_id as string,
      localityName: (row.name as string | null) ?? null,
      programCode: row.program_code as string,
      planYear: smallInteger(row.plan_year),
      capitalType: row.capital_type as CapitalType,
      budgetSource: row.budget_source as BudgetSource,
      componentCode: (row.component_code as string | null) ?? null,
      availableVnd: int64(row.available_vnd),
      allocatedOutVnd: int64(row.allocated_out_vnd),
      disbursedVnd: int64(row.disbursed_vnd) - int64(row.reversed_vnd),
      idleSince: row.idle_since as string,
      disbursementDeadline: row.disbursement_deadline as string,
    }));
    return { locality, accounts };
  });
}
