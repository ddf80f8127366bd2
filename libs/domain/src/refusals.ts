/**
 * Expected refusals: typed values with a stable machine-readable code and the figures behind
 * them. The domain never throws for these and never knows about HTTP; the edge maps codes to
 * status codes in one place.
 */
export type RefusalCode =
  | 'INVALID_AMOUNT'
  | 'INSUFFICIENT_FUNDS'
  | 'ACCOUNT_NOT_FOUND'
  | 'SAME_ACCOUNT'
  | 'DESTINATION_NOT_BELOW_SOURCE'
  | 'REALLOCATION_NOT_SIDEWAYS'
  | 'PROGRAM_MISMATCH'
  | 'PLAN_YEAR_MISMATCH'
  | 'CAPITAL_TYPE_MISMATCH'
  | 'BUDGET_SOURCE_MISMATCH'
  | 'UNKNOWN_PROGRAM'
  | 'PLAN_YEAR_OUTSIDE_PROGRAM'
  | 'UNKNOWN_COMPONENT'
  | 'UNKNOWN_LOCALITY'
  | 'ASSIGNMENT_LEVEL_INVALID'
  | 'BALANCE_LIMIT_EXCEEDED'
  | 'DISBURSEMENT_AFTER_DEADLINE'
  | 'DISBURSEMENT_BEFORE_PLAN_YEAR'
  | 'DISBURSEMENT_DATE_IN_FUTURE'
  | 'DUPLICATE_VOUCHER'
  | 'VOUCHER_REF_EMPTY'
  | 'UNKNOWN_DISBURSEMENT'
  | 'DISBURSEMENT_ALREADY_REVERSED'
  | 'DEADLINE_NOT_LATER'
  | 'EXTENSION_BEYOND_LEGAL_LIMIT'
  | 'EFFECTIVE_DATE_IN_FUTURE'
  | 'LATE_ENTRY_NEEDS_DECISION'
  | 'OUTSIDE_JURISDICTION'
  | 'NO_FUNDING_ACCOUNT'
  | 'RETURN_TARGET_AMBIGUOUS'
  | 'RETURN_TARGET_NOT_A_FUNDER'
  | 'RETURN_EXCEEDS_FUNDING'
  | 'APPROVAL_REQUEST_NOT_FOUND'
  | 'APPROVAL_REQUEST_NOT_PENDING'
  | 'APPROVAL_REQUEST_EXPIRED'
  | 'APPROVAL_REQUEST_NOT_EXPIRED'
  | 'SELF_APPROVAL_NOT_ALLOWED'
  | 'PROGRAM_ALREADY_REGISTERED'
  | 'COMPONENT_ALREADY_REGISTERED'
  | 'LOCALITY_ALREADY_REGISTERED'
  | 'PARENT_LOCALITY_INVALID'
  | 'LOCALITY_VALIDITY_INVALID'
  | 'LOCALITY_CODE_AMBIGUOUS'
  | 'LOCALITY_NOT_IN_FORCE'
  | 'SUCCESSION_INVALID'
  | 'COMPONENT_YEARS_INVALID'
  | 'COMPONENT_OUTSIDE_PLAN_YEARS'
  | 'PROGRAM_SUCCESSION_INVALID'
  | 'ACCOUNT_CLOSED'
  | 'COMPONENT_MISMATCH'
  | 'HANDOVER_SOURCE_IN_FORCE'
  | 'HANDOVER_TARGET_NOT_SUCCESSOR'
  | 'HANDOVER_TARGET_REPEATED'
  | 'HANDOVER_SHARES_MISMATCH'
  | 'HANDOVER_REQUESTS_PENDING'
  | 'HANDOVER_PLAN_INCOMPLETE';

/** Figures are strings so that amounts stay exact when serialised. */
export type RefusalDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  readonly details: RefusalDetails;
}

export function refusal(code: RefusalCode, message: string, details: RefusalDetails = {}): Refusal {
  return { code, message, details };
}

export type Decision<E> = { readonly ok: true; readonly events: readonly E[] } | { readonly ok: false; readonly refusal: Refusal };

export function accept<E>(...events: E[]): Decision<E> {
  return { ok: true, events };
}

export function refuse<E>(code: RefusalCode, message: string, details: RefusalDetails = {}): Decision<E> {
  return { ok: false, refusal: refusal(code, message, details) };
}
