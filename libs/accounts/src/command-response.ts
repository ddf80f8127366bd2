import type { CommandResult } from './account-repository';

/** What an account command answers over HTTP: figures as decimal strings. */
export interface CommandResponse {
  readonly commandId: string;
  readonly accountId: string;
  readonly eventIds: readonly string[];
  /** The account stream's revision after the command, as a decimal string. */
  readonly revision: string;
  /** Global position of the command's last event, as a decimal string; -1 when nothing was written. */
  readonly position: string;
  /** True when this answers a retry of a command already recorded. */
  readonly duplicate: boolean;
}

/** A transfer's id is the id of its debit event; the credit in the destination carries it too. */
export interface TransferResponse extends CommandResponse {
  readonly transferId: string | null;
}

export function toCommandResponse(result: CommandResult): CommandResponse {
  return {
    commandId: result.commandId,
    accountId: result.accountId,
    eventIds: result.eventIds,
    revision: result.revision.toString(),
    position: result.position.toString(),
    duplicate: result.duplicate,
  };
}
