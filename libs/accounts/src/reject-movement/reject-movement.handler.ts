import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommand, AccountKey } from '@ledger/domain';
import type { MovementDecisionResult } from '../approve-movement/approve-movement.command';
import { MovementDecisionHandler } from '../movement-decision-handler';
import { RejectMovementCommand } from './reject-movement.command';

/** Records the rejection, with its reason, on the request's account. */
@CommandHandler(RejectMovementCommand)
export class RejectMovementHandler extends MovementDecisionHandler<RejectMovementCommand> implements ICommandHandler<RejectMovementCommand, MovementDecisionResult> {
  protected decision(command: RejectMovementCommand, account: AccountKey): AccountCommand {
    return { kind: 'RejectMovement', account, requestId: command.requestId, reason: command.reason };
  }
}
