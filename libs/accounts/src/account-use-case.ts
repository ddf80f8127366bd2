import { Inject, Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import type { AccountCommand } from '@ledger/domain';
import type { CommandContext } from '@ledger/commands';
import { AccountRepository, type CommandResult } from './account-repository';

/**
 * What every account use case sends on the command bus: the domain command itself, the context
 * the edge built (who, which decision, which command id) and, from `If-Match`, the revision the
 * client decided on. Each use case names its own subclass, so the bus routes it to its handler.
 */
export abstract class AccountUseCaseCommand<T extends AccountCommand> extends Command<CommandResult> {
  constructor(
    readonly command: T,
    readonly context: CommandContext,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}

/** Hands the domain command to the repository, which decides and records it. */
@Injectable()
export abstract class AccountUseCaseHandler<T extends AccountUseCaseCommand<AccountCommand>> {
  constructor(@Inject(AccountRepository) private readonly accounts: AccountRepository) {}

  execute(useCase: T): Promise<CommandResult> {
    // Clients name localities by code or version id; the repository resolves them on the command's date.
    return this.accounts.execute(useCase.command, useCase.context, { expectedRevision: useCase.expectedRevision, resolveLocalities: true });
  }
}
