import type { AccountCommand } from '@ledger/domain';
import { requestHash, type CommandContext } from '@ledger/commands';

/**
 * What of a command its request hash covers: what the client asked for, in a fixed field order,
 * amounts as decimal strings. The ids the ledger picks for the events are not part of it (a retry
 * picks others). The shapes are those the first release hashed, so stored command records keep
 * recognising their retries.
 */
function hashedContentOf(command: AccountCommand): object {
  switch (command.kind) {
    case 'AssignBudget':
      return { account: command.account, amountVnd: command.amountVnd.toString() };
    case 'AllocateFunds':
      return { from: command.account, to: command.to, amountVnd: command.amountVnd.toString() };
    case 'ReallocateFunds':
    case 'ReturnFunds':
      return { from: command.account, to: command.to, amountVnd: command.amountVnd.toString(), reason: command.reason };
    case 'ReceiveFunds':
      return { transferId: command.transferId, from: command.from, to: command.account, amountVnd: command.amountVnd.toString() };
    case 'RecordDisbursement':
      return { account: command.account, amountVnd: command.amountVnd.toString(), voucherRef: command.voucherRef, disbursedOn: command.disbursedOn };
    case 'ReverseDisbursement':
      return { account: command.account, disbursementId: command.disbursementId, reason: command.reason };
    case 'ExtendDisbursementDeadline':
      // Named only when set, so requests before the flag existed keep their hash.
      return command.specialResolution ? { account: command.account, newDeadline: command.newDeadline, specialResolution: true } : { account: command.account, newDeadline: command.newDeadline };
    case 'ApproveMovement':
    case 'ExpireMovementRequest':
      return { account: command.account, requestId: command.requestId };
    case 'RejectMovement':
      return { account: command.account, requestId: command.requestId, reason: command.reason };
    case 'HandOverAccount':
      return { account: command.account, shares: command.shares.map((share) => ({ to: share.to, amountVnd: share.amountVnd.toString() })) };
  }
}

/** The hash that tells a retry of this command from another command reusing its id. */
export function accountCommandHash(command: AccountCommand, context: Pick<CommandContext, 'decisionRef' | 'effectiveDate'>): string {
  return requestHash(command.kind, hashedContentOf(command), context);
}
