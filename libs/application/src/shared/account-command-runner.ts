import { Inject, Injectable } from '@nestjs/common';
import { decideAccount, type AccountCommand, type AccountKey, type Refusal } from '@ledger/domain';
import { CLOCK, vietnamDate, type Clock } from './clock';
import type { CommandContext } from './command-context';
import { AccountRepository, type CommandResult } from './account-repository';
import { RegistryService } from '../registry/registry.service';
import { LEDGER_METRICS, type CommandOutcome, type LedgerMetrics } from '../operations/ledger-metrics';
import { CommandRefusedError, ConcurrencyConflictError, StaleRevisionError } from './command-errors';

const registryRefusals = new Set(['UNKNOWN_PROGRAM', 'UNKNOWN_COMPONENT', 'UNKNOWN_LOCALITY', 'PLAN_YEAR_OUTSIDE_PROGRAM', 'DESTINATION_NOT_BELOW_SOURCE', 'REALLOCATION_NOT_SIDEWAYS']);

export interface AccountCommandInput {
  readonly key: AccountKey;
  readonly kind: AccountCommand['kind'];
  /** The command's content as the client gave it, for the idempotency hash. */
  readonly content: unknown;
  readonly context: CommandContext;
  readonly expectedRevision?: bigint;
  /** Builds the domain command; `firstEventId` doubles as the id of the transfer or disbursement it starts. */
  readonly command: (firstEventId: string) => AccountCommand;
}

/** Runs one account command: registry lookups, today's date, the decider and the repository. */
@Injectable()
export class AccountCommandRunner {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly registry: RegistryService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics,
  ) {}

  run(input: AccountCommandInput): Promise<CommandResult> {
    return this.metrics.observeCommand(input.kind, () => this.execute(input), (result) => (result.duplicate ? 'duplicate' : 'accepted'), outcomeOfError);
  }

  private execute(input: AccountCommandInput): Promise<CommandResult> {
    return this.accounts.execute({
      key: input.key,
      kind: input.kind,
      content: input.content,
      context: input.context,
      expectedRevision: input.expectedRevision,
      decide: (state, firstEventId) => decideAccount(input.command(firstEventId), state, { registry: this.registry.view, today: vietnamDate(this.clock.now()) }),
      // A refusal that rests on the registry may only mean another process registered something since.
      refreshRegistry: (refusal: Refusal) => (registryRefusals.has(refusal.code) ? this.registry.catchUp() : Promise.resolve(false)),
    });
  }
}

function outcomeOfError(error: unknown): CommandOutcome {
  if (error instanceof CommandRefusedError) return 'refused';
  if (error instanceof ConcurrencyConflictError || error instanceof StaleRevisionError) return 'conflict';
  return 'error';
}
