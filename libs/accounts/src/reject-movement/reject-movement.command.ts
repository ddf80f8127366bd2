import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@ledger/commands';
import type { MovementDecisionResult } from '../approve-movement/approve-movement.command';

/** An approver refuses a pending movement request, with a reason; its hold is released. */
export class RejectMovementCommand extends Command<MovementDecisionResult> {
  constructor(
    readonly requestId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
