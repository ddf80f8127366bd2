import { createHash } from 'node:crypto';
import {
  accountId,
  childrenOf,
  decideAccount,
  handOverTargetsOf,
  successorsOf,
  type AccountKey,
  type AccountState,
  type HandOverShare,
  type LedgerPolicy,
  type LocalityLevel,
  type RegistryView,
  type Vnd,
} from '@ledger/domain';
import { ledgerCommandId } from '@ledger/commands';

/*
 * The plan of a hand-over: for every account of the units that ceased to exist in a territory
 * (an old province and everything under it, or one unit), where its balance goes. A plan is
 * computed from the accounts as they stand, so running a hand-over again after a crash plans
 * only what is left: a closed account that holds nothing has no step.
 */

/** Accounts whose apportionment one request may give (a request body stays under the size limit). */
export const handOverApportionmentsMax = 500;
/** Shares of one account's balance (the successors of a split unit). */
export const handOverSharesMax = 20;
/** Accounts one hand-over may cover; a larger territory is handed over unit by unit. */
export const handOverAccountsMax = 20_000;
/** Problems listed in a refusal; the plan lists them all. */
export const handOverProblemsListedMax = 20;

export interface ApportionmentShare {
  readonly toLocalityId: string;
  readonly amountVnd: Vnd;
}

/** The decision's split of one account's balance among successors (for a unit split or merged in part). */
export interface Apportionment {
  readonly accountId: string;
  readonly shares: readonly ApportionmentShare[];
}

export interface HandOverRequest {
  /** The unit whose territory is handed over, as a version id (a code is resolved before). */
  readonly localityId: string;
  /** The day the hand-over takes effect: after the last day of the units it covers. */
  readonly effectiveDate: string;
  readonly decisionRef: string | null;
  /** Only the units of these levels (all levels when absent). */
  readonly levels?: readonly Exclude<LocalityLevel, 'nation'>[];
  readonly apportionments: readonly Apportionment[];
}

/** An account as the store holds it, with what the read model knows of money on its way to it. */
export interface PlannedAccount {
  readonly key: AccountKey;
  readonly state: AccountState;
  readonly revision: bigint;
  /** Debited towards the account and not yet credited; it will arrive after the account closes. */
  readonly inTransitInVnd: Vnd;
}

export interface PlannedShare {
  readonly toAccountId: string;
  readonly to: AccountKey;
  readonly amountVnd: Vnd;
  /** The successor account's deadline now, when it already holds money; null when it opens with this hand-over. */
  readonly successorDeadline: string | null;
}

export interface HandOverStep {
  readonly accountId: string;
  readonly account: AccountKey;
  readonly localityName: string;
  readonly level: LocalityLevel;
  /** The account's revision the step was planned on: executed only at that revision. */
  readonly revision: bigint;
  readonly availableVnd: Vnd;
  readonly deadline: string;
  /** Closed before (money credited after it closed is handed over without closing it again). */
  readonly alreadyClosed: boolean;
  readonly shares: readonly PlannedShare[];
  /** True when the shares come from the request's apportionment. */
  readonly apportioned: boolean;
  /** The step's command id, derived from the decision, the account and the revision; null without a decision. */
  readonly commandId: string | null;
  /** Money on its way to the account: the plan moves what is there; a later run moves the rest. */
  readonly inTransitInVnd: Vnd;
}

export type HandOverProblemCode = 'NO_SUCCESSOR' | 'NEEDS_APPORTIONMENT' | 'APPORTIONMENT_REFUSED' | 'APPORTIONMENT_UNUSED' | 'TOO_MANY_ACCOUNTS';

export interface HandOverProblem {
  readonly code: HandOverProblemCode;
  readonly accountId: string | null;
  readonly localityId: string | null;
  readonly message: string;
  /** The units the balance may go to. */
  readonly successors: readonly string[];
}

export interface HandOverPlan {
  readonly localityId: string;
  readonly effectiveDate: string;
  readonly decisionRef: string | null;
  /** Units of the territory that ceased to exist before the effective date. */
  readonly endedUnits: readonly string[];
  readonly steps: readonly HandOverStep[];
  readonly problems: readonly HandOverProblem[];
  /** Accounts closed before that hold nothing: handed over already. */
  readonly alreadyHandedOver: number;
  readonly totals: {
    readonly accounts: number;
    /** What the steps move: the balances of the accounts they close, to the đồng. */
    readonly balanceVnd: Vnd;
    readonly sharesVnd: Vnd;
    readonly inTransitInVnd: Vnd;
  };
}

/**
 * The command id of one account's step: the same decision, account and revision always give the
 * same id, so a step recorded before a crash is recognised when the hand-over runs again, and a
 * step planned on another revision (money arrived since) is a new command.
 */
export function handOverStepCommandId(decisionRef: string, effectiveDate: string, accountIdText: string, revision: bigint): string {
  const decision = createHash('sha256').update(JSON.stringify([decisionRef, effectiveDate])).digest('base64url').slice(0, 16);
  return ledgerCommandId('handover', `${decision}/${accountIdText}@${revision.toString()}`);
}

/** The units of a territory, the root first, parents before children. */
export function territoryOf(registry: RegistryView, rootId: string): string[] {
  const units = [rootId];
  for (let index = 0; index < units.length; index += 1) units.push(...childrenOf(registry, units[index]));
  return units;
}

/** The units of the territory that ceased to exist before the date, of the levels asked for. */
export function endedUnitsOf(registry: RegistryView, request: Pick<HandOverRequest, 'localityId' | 'effectiveDate' | 'levels'>): string[] {
  return territoryOf(registry, request.localityId).filter((id) => {
    const unit = registry.locality(id);
    if (!unit || unit.level === 'nation' || unit.validTo === null || request.effectiveDate <= unit.validTo) return false;
    return request.levels === undefined || request.levels.includes(unit.level);
  });
}

export interface PlanContext {
  readonly registry: RegistryView;
  readonly today: string;
  readonly policy: LedgerPolicy;
  /** The jurisdiction the hand-over is decided in (null: the ledger's own tools); the dry run holds each step to it. */
  readonly jurisdiction: string | null;
}

/**
 * Plans the hand-over of the given accounts (those of the ended units). An account goes whole
 * to its unit's one successor when the unit was taken in whole (merged, renamed, unchanged); a
 * unit split or merged in part, or with several successors, needs the request's apportionment.
 * Every step is decided once here as the execution will decide it, so a preview shows every
 * refusal the execution would meet (an apportionment that does not add up, a successor that is
 * not one).
 */
export function planHandOver(request: HandOverRequest, accounts: readonly PlannedAccount[], successorStates: ReadonlyMap<string, AccountState>, context: PlanContext): HandOverPlan {
  const { registry } = context;
  const endedUnits = endedUnitsOf(registry, request);
  const apportionments = new Map(request.apportionments.map((apportionment) => [apportionment.accountId, apportionment]));
  const used = new Set<string>();
  const steps: HandOverStep[] = [];
  const problems: HandOverProblem[] = [];
  let alreadyHandedOver = 0;
  if (accounts.length > handOverAccountsMax) {
    problems.push({ code: 'TOO_MANY_ACCOUNTS', accountId: null, localityId: request.localityId, message: `the territory holds ${accounts.length} accounts, more than ${handOverAccountsMax}: hand it over unit by unit`, successors: [] });
  }
  for (const planned of accounts) {
    const id = accountId(planned.key);
    const unit = registry.locality(planned.key.localityId);
    if (!unit || planned.revision < 0n) continue;
    const { state } = planned;
    if (state.closed && state.availableVnd === 0n) {
      alreadyHandedOver += 1;
      continue;
    }
    const successors = successorsOf(registry, unit.localityId);
    const targets = [...handOverTargetsOf(registry, unit.localityId)];
    const apportionment = apportionments.get(id);
    if (apportionment) used.add(id);
    let shares: HandOverShare[];
    if (apportionment) {
      shares = apportionment.shares.map((share) => ({ to: { ...planned.key, localityId: share.toLocalityId }, amountVnd: share.amountVnd }));
    } else if (state.availableVnd === 0n) {
      shares = [];
    } else if (successors.length === 1 && successors[0].kind !== 'part') {
      shares = [{ to: { ...planned.key, localityId: successors[0].successorId }, amountVnd: state.availableVnd }];
    } else {
      problems.push(
        successors.length === 0
          ? { code: 'NO_SUCCESSOR', accountId: id, localityId: unit.localityId, message: `${unit.localityId} ${unit.name} has no successor registered: import the structure that replaced it first`, successors: [] }
          : {
              code: 'NEEDS_APPORTIONMENT',
              accountId: id,
              localityId: unit.localityId,
              message: `${unit.localityId} ${unit.name} was ${successors.length > 1 ? `taken in by ${successors.length} units` : 'merged in part'}: the decision must apportion the ${state.availableVnd} đồng of ${id} among ${targets.join(', ')}`,
              successors: targets,
            },
      );
      continue;
    }
    const commandId = request.decisionRef === null ? null : handOverStepCommandId(request.decisionRef, request.effectiveDate, id, planned.revision);
    const decision = decideAccount({ kind: 'HandOverAccount', account: planned.key, shares }, state, {
      registry,
      today: context.today,
      firstEventId: 'preview',
      eventIdAt: (index) => `preview-${index}`,
      effectiveDate: request.effectiveDate,
      // The dry run is held to the dates' rules with the decision the execution will cite.
      decisionRef: request.decisionRef ?? 'preview',
      policy: context.policy,
      jurisdiction: context.jurisdiction,
      // A hand-over asks for no approval: who and when matter only to four-eyes decisions.
      actorId: 'preview',
      now: `${context.today}T00:00:00.000Z`,
    });
    if (!decision.ok) {
      problems.push({ code: 'APPORTIONMENT_REFUSED', accountId: id, localityId: unit.localityId, message: `${decision.refusal.code}: ${decision.refusal.message}`, successors: targets });
      continue;
    }
    steps.push({
      accountId: id,
      account: planned.key,
      localityName: unit.name,
      level: unit.level,
      revision: planned.revision,
      availableVnd: state.availableVnd,
      deadline: state.deadline ?? '',
      alreadyClosed: state.closed,
      shares: shares.map((share) => {
        const successor = successorStates.get(accountId(share.to));
        return { toAccountId: accountId(share.to), to: share.to, amountVnd: share.amountVnd, successorDeadline: successor && successor.opened ? successor.deadline : null };
      }),
      apportioned: apportionment !== undefined,
      commandId,
      inTransitInVnd: planned.inTransitInVnd,
    });
  }
  for (const apportionment of request.apportionments) {
    if (!used.has(apportionment.accountId)) {
      problems.push({ code: 'APPORTIONMENT_UNUSED', accountId: apportionment.accountId, localityId: null, message: `${apportionment.accountId} is not an open account of a unit this hand-over covers`, successors: [] });
    }
  }
  const sum = (values: readonly Vnd[]) => values.reduce((total, value) => total + value, 0n);
  return {
    localityId: request.localityId,
    effectiveDate: request.effectiveDate,
    decisionRef: request.decisionRef,
    endedUnits,
    steps,
    problems,
    alreadyHandedOver,
    totals: {
      accounts: steps.length,
      balanceVnd: sum(steps.map((step) => step.availableVnd)),
      sharesVnd: sum(steps.flatMap((step) => step.shares.map((share) => share.amountVnd))),
      inTransitInVnd: sum(steps.map((step) => step.inTransitInVnd)),
    },
  };
}
