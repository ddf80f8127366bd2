import { Inject } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { HandOverAccountsService, type HandOverExecution } from './hand-over-accounts.service';
import { HandOverAccountsCommand, PreviewHandOverQuery } from './hand-over-accounts.command';
import type { HandOverPlan } from './hand-over-plan';

@CommandHandler(HandOverAccountsCommand)
export class HandOverAccountsHandler implements ICommandHandler<HandOverAccountsCommand, HandOverExecution> {
  constructor(@Inject(HandOverAccountsService) private readonly handOvers: HandOverAccountsService) {}

  execute(command: HandOverAccountsCommand): Promise<HandOverExecution> {
    return this.handOvers.execute(command.input, command.context);
  }
}

@QueryHandler(PreviewHandOverQuery)
export class PreviewHandOverHandler implements IQueryHandler<PreviewHandOverQuery, HandOverPlan> {
  constructor(@Inject(HandOverAccountsService) private readonly handOvers: HandOverAccountsService) {}

  execute(query: PreviewHandOverQuery): Promise<HandOverPlan> {
    return this.handOvers.preview(query.input, query.jurisdiction);
  }
}
