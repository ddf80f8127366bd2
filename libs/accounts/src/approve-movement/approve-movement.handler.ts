import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountRepository } from '../account-repository';
import { ApprovalRequestLocator } from '../approval-requests';
import { ApproveMovementCommand, type MovementDecisionResult } from './approve-movement.command';

/**
 * Finds the request's account and records the approval there. The domain decides against the
 * account's stream: who may sign, whether the request is still pending, and the movement itself,
 * appended with the approval in one write under the approval's command id — a retry answers the
 * first result, and a second approval of the same request is refused.
 */
@CommandHandler(ApproveMovementCommand)
export class ApproveMovementHandler implements ICommandHandler<ApproveMovementCommand, MovementDecisionResult> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly requests: ApprovalRequestLocator,
  ) {}

  async execute(command: ApproveMovementCommand): Promise<MovementDecisionResult> {
    const { request, account } = await this.requests.locate(command.requestId);
    const result = await this.accounts.execute({ kind: 'ApproveMovement', account, requestId: command.requestId }, command.context);
    return { result, request };
  }
}
