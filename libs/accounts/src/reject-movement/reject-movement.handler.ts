import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountRepository } from '../account-repository';
import { ApprovalRequestLocator } from '../approval-requests';
import type { MovementDecisionResult } from '../approve-movement/approve-movement.command';
import { RejectMovementCommand } from './reject-movement.command';

/** Finds the request's account and records the rejection there, decided against the account's stream. */
@CommandHandler(RejectMovementCommand)
export class RejectMovementHandler implements ICommandHandler<RejectMovementCommand, MovementDecisionResult> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly requests: ApprovalRequestLocator,
  ) {}

  async execute(command: RejectMovementCommand): Promise<MovementDecisionResult> {
    const { request, account } = await this.requests.locate(command.requestId);
    const result = await this.accounts.execute({ kind: 'RejectMovement', account, requestId: command.requestId, reason: command.reason }, command.context);
    return { result, request };
  }
}
