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

/** A movement held for a second person's approval: what the 202 answer says about its request. */
export interface PendingApprovalView {
  readonly requestId: string;
  readonly state: 'pending';
  readonly movementKind: string;
  readonly amountVnd: string;
  readonly thresholdVnd: string;
  /** Past this instant (ISO 8601) the request can no longer be approved. */
  readonly expiresAt: string;
}

/** Present when the movement was not recorded but held as a request for approval (HTTP 202). */
export interface MovementResponse extends CommandResponse {
  readonly approvalRequest?: PendingApprovalView;
}

export interface TransferMovementResponse extends MovementResponse {
  /** The transfer's id; null while the movement waits for approval (once approved, the transfer takes the request's id). */
  readonly transferId: string | null;
}

/** The reply's side of an answer: its status and headers. */
export interface StatusReply {
  status(statusCode: number): unknown;
  header(name: string, value: string): unknown;
}

/**
 * The request a movement command recorded instead of the movement, if it was held for approval.
 * A retry answers the same way: its events are read back from the store.
 */
export function pendingApprovalOf(result: CommandResult): PendingApprovalView | undefined {
  const [first] = result.events;
  if (first?.type !== 'MovementRequested') return undefined;
  const { requestId, movementKind, amountVnd, thresholdVnd, expiresAt } = first.data;
  return { requestId, state: 'pending', movementKind, amountVnd: amountVnd.toString(), thresholdVnd: thresholdVnd.toString(), expiresAt };
}

/**
 * A movement's answer: 201 when it was recorded; 202 Accepted, with the request and a `Location`
 * to follow it, when it waits for an approver.
 */
export function toMovementResponse(result: CommandResult, reply: StatusReply): MovementResponse {
  const approvalRequest = pendingApprovalOf(result);
  if (!approvalRequest) return toCommandResponse(result);
  reply.status(202);
  reply.header('Location', `/v1/approvals/${approvalRequest.requestId}`);
  return { ...toCommandResponse(result), approvalRequest };
}

export function toTransferMovementResponse(result: CommandResult, reply: StatusReply): TransferMovementResponse {
  const response = toMovementResponse(result, reply);
  return { ...response, transferId: response.approvalRequest ? null : (result.eventIds[0] ?? null) };
}
