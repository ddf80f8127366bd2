import type { CommandResponse } from './command-request';

/** A transfer's id is the id of its debit event; the credit in the destination carries it too. */
export interface TransferResponse extends CommandResponse {
  readonly transferId: string | null;
}
