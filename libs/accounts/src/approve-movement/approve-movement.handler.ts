import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccountCommand, AccountKey } from '@ledger/domain';
import { MovementDecisionHandler } from '../movement-decision-handler';
import { ApproveMovementCommand, type MovementDecisionResult } from './approve-movement.command';

/**
 * Records the approval on the request's account. The domain decides against the account's stream:
 * who may sign, whether the request is still pending, and the movement itself, appended with the
 * approval in one write under the approval's command id — a retry answers the first result, and a
 * second approval of the same request is refused.
 */
@CommandHandler(ApproveMovementCommand)
export class ApproveMovementHandler extends MovementDecisionHandler<ApproveMovementCommand> implements ICommandHandler<ApproveMovementCommand, MovementDecisionResult> {
  protected decision(command: ApproveMovementCommand, account: AccountKey): AccountCommand {
    return { kind: 'ApproveMovement', account, requestId: command.requestId };
  }
}
