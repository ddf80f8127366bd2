/**
 * Who may do what. A role comes from the verified token, never from the request.
 *
 * - `finance-officer` issues commands that move money, within the jurisdiction of the token;
 * - `approver` gives the second signature on large movements, within the same bounds;
 * - `auditor` reads everything: accounts, their history, the audit trail, reports;
 * - `reporter` reads balances, roll-ups and reports;
 * - `administrator` keeps the registry, rebuilds read models, handles parked credits, reads metrics.
 */
export const roles = ['finance-officer', 'approver', 'auditor', 'reporter', 'administrator'] as const;
export type Role = (typeof roles)[number];

export function isRole(text: unknown): text is Role {
  return typeof text === 'string' && (roles as readonly string[]).includes(text);
}

/** Who reads balances, roll-ups, reports and transfers. */
export const readerRoles: readonly Role[] = ['finance-officer', 'approver', 'auditor', 'reporter'];
/** Who reads an account's full history (an auditor reads every history through the audit trail too). */
export const historyRoles: readonly Role[] = ['finance-officer', 'approver', 'auditor'];
