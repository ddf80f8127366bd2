import { Inject, Injectable } from '@nestjs/common';
import type { AccountCommand, AccountKey } from '@ledger/domain';
import type { CommandContext } from '@ledger/commands';
import { AccountRepository } from './account-repository';
import { ApprovalRequestLocator } from './approval-requests';
import type { MovementDecisionResult } from './approve-movement/approve-movement.command';

/** What a decision on a movement request carries: the request it decides, and the edge's context. */
export interface MovementDecisionCommand {
  readonly requestId: string;
  readonly context: CommandContext;
}

/**
 * A decision on a movement request (an approval or a rejection): it finds the request's account,
 * records the decision there, decided against the account's stream, and answers with the request
 * as it was found. Each decision says only its domain command.
 */
@Injectable()
export abstract class MovementDecisionHandler<T extends MovementDecisionCommand> {
  constructor(
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(ApprovalRequestLocator) private readonly requests: ApprovalRequestLocator,
  ) {}

  /** The domain command that records this decision on the request's account. */
  protected abstract decision(command: T, account: AccountKey): AccountCommand;

  async execute(command: T): Promise<MovementDecisionResult> {
    const { request, account } = await this.requests.locate(command.requestId);
    const result = await this.accounts.execute(this.decision(command, account), command.context);
    return { result, request };
  }
}
