import { sql, type RawBuilder } from 'kysely';

/**
 * The normal term of a plan year's money, in SQL over a row with `plan_year` and `capital_type`
 * (of the table `alias`, or unqualified where an index's condition names the columns): investment
 * capital (ĐTPT) until 31 January of the next year, recurrent funds (SN) until 31 December of the
 * plan year, as the domain's `defaultDisbursementDeadline` sets it. Both end on a month's last
 * day, so a month lies wholly inside or after the term.
 */
function column(alias: string | undefined, name: string) {
  return sql.ref(alias === undefined ? name : `${alias}.${name}`);
}

/** The month (year × 100 + month) in which the normal term ends. */
export function termEndMonth(alias?: string): RawBuilder<number> {
  return sql<number>`(case when ${column(alias, 'capital_type')} = 'DTPT' then (${column(alias, 'plan_year')} + 1) * 100 + 1 else ${column(alias, 'plan_year')} * 100 + 12 end)`;
}

/** The normal term's last day as ISO text (compared with `disbursement_deadline`). */
export function termEndDate(alias?: string): RawBuilder<string> {
  return sql<string>`(case when ${column(alias, 'capital_type')} = 'DTPT' then cast(${column(alias, 'plan_year')} + 1 as text) || '-01-31' else cast(${column(alias, 'plan_year')} as text) || '-12-31' end)`;
}

/**
 * An account whose deadline was extended past its normal term: the condition of the accounts
 * whose money is carried over, and of the partial index that finds those few among all accounts.
 */
export function deadlineExtended(alias?: string): RawBuilder<boolean> {
  return sql<boolean>`${column(alias, 'disbursement_deadline')} > ${termEndDate(alias)}`;
}
