import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@ledger/commands';
import type { CommandResult } from '../account-repository';
import type { ApprovalRequestView } from '@ledger/read-models';

/** What an approval or a rejection answers: the recorded command, and the request it decided as it was found. */
export interface MovementDecisionResult {
  readonly result: CommandResult;
  readonly request: ApprovalRequestView;
}

/** The second signature on a pending movement request: its movement is recorded with it. */
export class ApproveMovementCommand extends Command<MovementDecisionResult> {
  constructor(
    readonly requestId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
