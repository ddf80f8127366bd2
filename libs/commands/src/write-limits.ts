/** Attempts at one command when other writers keep moving the stream it decides on. */
export const conflictAttemptsMax = 5;

/** Injection token of the deployment's date limits (`LedgerPolicy` of the domain). */
export const LEDGER_POLICY = Symbol('LEDGER_POLICY');
