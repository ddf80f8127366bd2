import { accountId, coversLocality, describeLocalityVersion, resolveLocalityReference, refusal, type AccountState, type LedgerPolicy } from '@ledger/domain';
import { CommandIdConflictError } from '@ledger/event-store';
import { CommandRefusedError, StaleRevisionError, vietnamDate, type Clock, type CommandContext } from '@ledger/commands';
import type { AccountRepository, CommandResult, RegistrySource } from '../account-repository';
import type { AccountDirectory } from './account-directory';
import { endedUnitsOf, handOverProblemsListedMax, planHandOver, type HandOverPlan, type HandOverRequest, type HandOverStep, type PlannedAccount } from './hand-over-plan';

/** Accounts loaded, and steps executed, at once. Steps touch different streams, so they do not contend. */
export const handOverConcurrencyMax = 8;

export type HandOverStepOutcome =
  | {
      readonly accountId: string;
      readonly commandId: string;
      readonly outcome: 'handed-over' | 'already-recorded';
      readonly result: CommandResult;
      /** One transfer per share: the ids of the step's debit events. */
      readonly transferIds: readonly string[];
    }
  | { readonly accountId: string; readonly commandId: string; readonly outcome: 'failed'; readonly code: string; readonly message: string };

export interface HandOverExecution {
  readonly plan: HandOverPlan;
  readonly steps: readonly HandOverStepOutcome[];
  /** Every step recorded: run the hand-over again otherwise, and it does what is left. */
  readonly complete: boolean;
  /** Global position of the last event written, for reading the result back; -1 when nothing was. */
  readonly position: bigint;
}

/** The request as the client wrote it: the territory by code or version id. */
export type HandOverInput = Omit<HandOverRequest, 'localityId'> & { readonly locality: string };

/**
 * Runs `work` over the items, `limit` at a time. A failure stops new work from starting; the work
 * in flight finishes first, then the failure is thrown, so nothing runs on behind the caller's back.
 */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async () => {
    for (let index = next++; index < items.length && !failure; index = next++) {
      try {
        results[index] = await work(items[index]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** The day before an ISO date: the last day of the units a hand-over taking effect on `date` covers. */
function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Hands over the accounts of units that ceased to exist: plans from the accounts as the store
 * holds them, then records one decision per account (`HandOverAccount`), under a command id
 * derived from the decision, the account and the revision planned on. The credits follow through
 * the transfer process manager. Running it again after a crash plans only what is left and
 * recognises a step recorded before: nothing moves twice.
 */
export class HandOverAccountsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly registry: RegistrySource,
    private readonly directory: AccountDirectory,
    private readonly clock: Clock,
    private readonly policy: LedgerPolicy,
  ) {}

  /** The plan, without writing anything, as it would be decided in `jurisdiction` (null: the ledger's own tools). */
  async preview(input: HandOverInput, jurisdiction: string | null): Promise<HandOverPlan> {
    return (await this.plan(input, jurisdiction)).plan;
  }

  /** Plans and, when the plan has no problem, records every step; a plan with problems is refused whole. */
  async execute(input: HandOverInput, context: CommandContext): Promise<HandOverExecution> {
    const { plan } = await this.plan(input, context.actor.jurisdiction);
    if (plan.problems.length > 0) {
      const listed = plan.problems.slice(0, handOverProblemsListedMax).map((problem) => `${problem.code} ${problem.accountId ?? problem.localityId ?? ''}: ${problem.message}`);
      throw new CommandRefusedError(
        refusal('HANDOVER_PLAN_INCOMPLETE', `the hand-over plan has ${plan.problems.length} problem(s); nothing was handed over. Preview it for the full list. ${listed.join(' | ')}`, {
          problemCount: plan.problems.length,
          firstProblemCode: plan.problems[0].code,
          firstProblemAccountId: plan.problems[0].accountId,
        }),
      );
    }
    const steps = await mapConcurrently(plan.steps, handOverConcurrencyMax, (step) => this.executeStep(step, plan, context));
    const position = steps.reduce((max, step) => (step.outcome !== 'failed' && step.result.position > max ? step.result.position : max), -1n);
    return { plan, steps, complete: steps.every((step) => step.outcome !== 'failed'), position };
  }

  private async executeStep(step: HandOverStep, plan: HandOverPlan, context: CommandContext): Promise<HandOverStepOutcome> {
    // A plan with a decision has a command id for every step.
    const commandId = step.commandId as string;
    try {
      const result = await this.accounts.execute(
        { kind: 'HandOverAccount', account: step.account, shares: step.shares.map((share) => ({ to: share.to, amountVnd: share.amountVnd })) },
        { ...context, commandId, causationId: context.commandId, decisionRef: plan.decisionRef, effectiveDate: plan.effectiveDate },
        { expectedRevision: step.revision },
      );
      return { accountId: step.accountId, commandId, outcome: result.duplicate ? 'already-recorded' : 'handed-over', result, transferIds: result.eventIds.slice(0, step.shares.length) };
    } catch (error) {
      // Another writer moved the account since it was planned, or the account refuses now: the
      // other steps go on, and a run after this one plans the account afresh.
      if (error instanceof StaleRevisionError) return { accountId: step.accountId, commandId, outcome: 'failed', code: 'STALE_REVISION', message: error.message };
      if (error instanceof CommandRefusedError) return { accountId: step.accountId, commandId, outcome: 'failed', code: error.refusal.code, message: error.refusal.message };
      if (error instanceof CommandIdConflictError) return { accountId: step.accountId, commandId, outcome: 'failed', code: 'COMMAND_ID_REUSED', message: error.message };
      throw error;
    }
  }

  private async plan(input: HandOverInput, jurisdiction: string | null): Promise<{ plan: HandOverPlan }> {
    await this.registry.catchUp();
    const registry = this.registry.view;
    // A code names the unit as it stood the day before the hand-over: the one that ceased to exist.
    const resolution = resolveLocalityReference(registry, input.locality, dayBefore(input.effectiveDate));
    if (!resolution.ok) throw new CommandRefusedError(resolution.refusal);
    const root = registry.locality(resolution.localityId);
    if (!root) throw new CommandRefusedError(refusal('UNKNOWN_LOCALITY', `locality ${input.locality} is not registered`, { localityId: input.locality }));
    if (root.validTo === null || input.effectiveDate <= root.validTo) {
      throw new CommandRefusedError(
        refusal('HANDOVER_SOURCE_IN_FORCE', `${describeLocalityVersion(root)} is in force on ${input.effectiveDate}: a hand-over covers units that ceased to exist before it takes effect`, {
          localityId: root.localityId,
          date: input.effectiveDate,
          validTo: root.validTo,
        }),
      );
    }
    // An officer hands over the territory of its jurisdiction (through lineage: the new province answers for the old one).
    if (jurisdiction !== null && !coversLocality(registry, jurisdiction, root.localityId)) {
      throw new CommandRefusedError(
        refusal('OUTSIDE_JURISDICTION', `${root.localityId} is outside the jurisdiction ${jurisdiction} of this officer`, { jurisdiction, localityId: root.localityId }),
      );
    }
    const request: HandOverRequest = { ...input, localityId: root.localityId };
    const entries = await this.directory.accountsAt(endedUnitsOf(registry, request));
    const planned = await mapConcurrently(entries, handOverConcurrencyMax, async (entry): Promise<PlannedAccount> => {
      const loaded = await this.accounts.loadCurrent(entry.key);
      return { key: entry.key, state: loaded.state, revision: loaded.revision, inTransitInVnd: entry.inTransitInVnd };
    });
    const today = vietnamDate(this.clock.now());
    const context = { registry, today, policy: this.policy, jurisdiction };
    const draft = planHandOver(request, planned, new Map(), context);
    // The successors' accounts as they stand, to show where deadlines differ.
    const successorKeys = [...new Map(draft.steps.flatMap((step) => step.shares.map((share) => [share.toAccountId, share.to] as const))).values()];
    const successors = await mapConcurrently(successorKeys, handOverConcurrencyMax, async (key) => [accountId(key), (await this.accounts.loadCurrent(key)).state] as const);
    const plan = planHandOver(request, planned, new Map<string, AccountState>(successors), context);
    return { plan };
  }
}
