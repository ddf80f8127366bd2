/**
 * An account is one pot of money: (program, plan year, locality, capital type, budget source,
 * component project or none). Each account is one event stream, named
 * `account-{program}.{planYear}.{locality}.{capitalType}.{budgetSource}.{component or _}`,
 * which follows EventStoreDB's `category-id` convention (the id holds no dash).
 */

export const capitalTypes = ['DTPT', 'SN'] as const;
/** DTPT: development investment (vốn đầu tư phát triển); SN: recurrent (vốn sự nghiệp). */
export type CapitalType = (typeof capitalTypes)[number];

export const budgetSources = ['NSTW', 'NSDP', 'CSXH', 'KHAC'] as const;
/**
 * NSTW: central budget (ngân sách trung ương); NSDP: local budget including the required
 * counterpart (ngân sách địa phương); CSXH: policy credit through the social-policy bank;
 * KHAC: other lawful sources.
 */
export type BudgetSource = (typeof budgetSources)[number];

export interface AccountKey {
  readonly programCode: string;
  readonly planYear: number;
  readonly localityId: string;
  readonly capitalType: CapitalType;
  readonly budgetSource: BudgetSource;
  /** Component project (dự án thành phần) code, or null for the program's general account. */
  readonly componentCode: string | null;
}

export const accountStreamCategory = 'account';
const noComponent = '_';
/** Codes are short upper-case identifiers; locality ids may carry an edition suffix such as `@2025`. */
export const codePattern = /^[A-Z0-9][A-Z0-9_]{0,31}$/;
export const localityIdPattern = /^[A-Za-z0-9]{1,12}(@[0-9]{4})?$/;
export const planYearMin = 2000;
export const planYearMax = 2100;

export function accountStreamId(key: AccountKey): string {
  return `${accountStreamCategory}-${key.programCode}.${key.planYear}.${key.localityId}.${key.capitalType}.${key.budgetSource}.${key.componentCode ?? noComponent}`;
}

/** The inverse of `accountStreamId`; undefined when the text is not an account stream id. */
export function parseAccountStreamId(streamId: string): AccountKey | undefined {
  const prefix = `${accountStreamCategory}-`;
  if (!streamId.startsWith(prefix)) return undefined;
  return parseAccountId(streamId.slice(prefix.length));
}

/** Parses the id part (`DTTS.2024.11.DTPT.NSTW._`) as used in URLs. */
export function parseAccountId(accountId: string): AccountKey | undefined {
  const parts = accountId.split('.');
  if (parts.length !== 6) return undefined;
  const [programCode, planYearText, localityId, capitalType, budgetSource, component] = parts;
  if (!codePattern.test(programCode)) return undefined;
  if (!/^[0-9]{4}$/.test(planYearText)) return undefined;
  const planYear = Number(planYearText);
  if (planYear < planYearMin || planYear > planYearMax) return undefined;
  if (!localityIdPattern.test(localityId)) return undefined;
  if (!(capitalTypes as readonly string[]).includes(capitalType)) return undefined;
  if (!(budgetSources as readonly string[]).includes(budgetSource)) return undefined;
  if (component !== noComponent && !codePattern.test(component)) return undefined;
  return {
    programCode,
    planYear,
    localityId,
    capitalType: capitalType as CapitalType,
    budgetSource: budgetSource as BudgetSource,
    componentCode: component === noComponent ? null : component,
  };
}

/** The id part of the stream id, used in URLs and in event data to name counterparties. */
export function accountId(key: AccountKey): string {
  return accountStreamId(key).slice(accountStreamCategory.length + 1);
}

/** True when both accounts hold money of the same program, plan year, capital type and source. */
export function sameFundingLine(a: AccountKey, b: AccountKey): boolean {
  return a.programCode === b.programCode && a.planYear === b.planYear && a.capitalType === b.capitalType && a.budgetSource === b.budgetSource;
}
