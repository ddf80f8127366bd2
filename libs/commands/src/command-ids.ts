/**
 * Command ids come from two places that must never meet. Clients choose theirs (the `commandId`
 * field or an `Idempotency-Key` header) from letters, digits and `. _ : -`. The ledger's own
 * commands — a transfer's credit, recorded by the process manager — take ids that begin with
 * `ledger/`: a `/` is outside the client alphabet, so no client id can ever name, pre-empt or
 * block one of them.
 */
export const clientCommandIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const clientCommandIdMessage = 'must be 1–100 letters, digits or . _ : - (starting with a letter or digit)';

export const ledgerCommandIdPrefix = 'ledger/';

/**
 * `transfer-credit`: a transfer's credit (the process manager); `handover`: one account's step of
 * a hand-over; `approval-expiry`: the expiry of a movement request nobody approved in time.
 */
export type LedgerCommandPurpose = 'transfer-credit' | 'handover' | 'approval-expiry';

export function ledgerCommandId(purpose: LedgerCommandPurpose, subject: string): string {
  return `${ledgerCommandIdPrefix}${purpose}/${subject}`;
}

export function isLedgerCommandId(commandId: string): boolean {
  return commandId.startsWith(ledgerCommandIdPrefix);
}
