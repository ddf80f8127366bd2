import { Command, Query } from '@nestjs/cqrs';
import type { CommandContext } from '@ledger/commands';
import type { HandOverPlan } from './hand-over-plan';
import type { HandOverExecution, HandOverInput } from './hand-over-accounts.service';

/** Hand over and close the accounts of the units of a territory that ceased to exist (bàn giao). */
export class HandOverAccountsCommand extends Command<HandOverExecution> {
  constructor(
    readonly input: HandOverInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The plan of such a hand-over, without writing anything, as decided in a jurisdiction (null: the ledger's own tools). */
export class PreviewHandOverQuery extends Query<HandOverPlan> {
  constructor(
    readonly input: HandOverInput,
    readonly jurisdiction: string | null,
  ) {
    super();
  }
}
