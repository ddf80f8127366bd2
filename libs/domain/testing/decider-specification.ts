/// <reference types="jest" />
/*
 * Given-events / when-command / then-events helpers for the domain's unit tests, in the spirit
 * of Emmett's DeciderSpecification. They run only under jest: the assertions use jest's global
 * `expect`, which the triple-slash reference above types without importing anything, so the
 * domain keeps importing nothing outward.
 */
import { accountId, type AccountKey } from '../src/account-id';
import type { AccountCommand, AccountDecision, DecisionContext } from '../src/account.commands';
import { decideAccount } from '../src/account.decider';
import { foldAccount, type AccountState } from '../src/account.state';
import type { AccountEvent } from '../src/account.events';
import type { Refusal, RefusalCode, RefusalDetails } from '../src/refusals';
import { RegistryState } from '../src/registry';
import { defaultLedgerPolicy } from '../src/ledger-policy';
import type { RegistryEvent } from '../src/registry.events';

export interface AccountThen {
  /** The decision exactly as the decider returned it. */
  readonly decision: AccountDecision;
  /** The state the command was decided against. */
  readonly stateBefore: AccountState;
  /** Asserts acceptance with exactly these events, in order; returns the state after applying them. */
  then(expectedEvents: readonly AccountEvent[]): AccountState;
  /** Asserts a refusal with this code and, when given, at least these details. */
  thenRefused(code: RefusalCode, detailsSubset?: RefusalDetails): Refusal;
}

/**
 * A command as a specification writes it: with the id its first event will carry (a transfer's or
 * disbursement's id) beside it, where the decider takes it from the decision context.
 */
export type SpecifiedCommand = AccountCommand & { readonly firstEventId?: string };

/** The id a specification's first event carries when the command does not name one. */
export const specifiedFirstEventId = 'event-1';

/**
 * The context a specification gives: the registry and today, and where it matters the rest. A
 * specification that does not say cites a decision (so back-dating is never what it tests by
 * accident), gives no effective date, runs under the default policy (no approvals needed), is
 * issued by `specifiedActorId` and decided at 10:00 in Vietnam on its day.
 */
export type SpecifiedContext = Pick<DecisionContext, 'registry' | 'today'> & Partial<Omit<DecisionContext, 'registry' | 'today'>>;

export const specifiedDecisionRef = 'QĐ-spec';
/** Who issues a specification's command when it does not say: an officer of the ledger's tests. */
export const specifiedActorId = 'spec-officer';

/** The instant a specification decides at when it does not say: 10:00 in Vietnam on its `today`. */
export function specifiedNow(today: string): string {
  return `${today}T03:00:00.000Z`;
}

export interface AccountGiven {
  /** The account's state after folding the given events. */
  readonly state: AccountState;
  when(command: SpecifiedCommand, context: SpecifiedContext): AccountThen;
}

/** Splits a specified command into the command and the context the decider sees. */
export function decisionInputs(specified: SpecifiedCommand, context: SpecifiedContext): { readonly command: AccountCommand; readonly context: DecisionContext } {
  const { firstEventId, ...command } = specified;
  const first = firstEventId ?? context.firstEventId ?? specifiedFirstEventId;
  return {
    command: command as AccountCommand,
    context: {
      effectiveDate: null,
      decisionRef: specifiedDecisionRef,
      jurisdiction: null,
      policy: defaultLedgerPolicy,
      // A decision's later events are named after its first: ho-1, ho-1.2, ho-1.3…
      eventIdAt: (index: number) => (index === 0 ? first : `${first}.${index + 1}`),
      actorId: specifiedActorId,
      now: specifiedNow(context.today),
      ...context,
      firstEventId: first,
    },
  };
}

/** Starts a specification for one account: its key and the events already in its stream. */
export function givenAccount(key: AccountKey, events: readonly AccountEvent[] = []): AccountGiven {
  const state = foldAccount(key, events);
  return {
    state,
    when(specified, partialContext) {
      const { command, context } = decisionInputs(specified, partialContext);
      // A command for another account would be decided against the wrong history: a test bug.
      if (accountId(command.account) !== accountId(key)) {
        throw new Error(`specification mismatch: given ${accountId(key)}, command addresses ${accountId(command.account)}`);
      }
      const decision = decideAccount(command, state, context);
      return {
        decision,
        stateBefore: state,
        then(expectedEvents) {
          expect(decision).toEqual({ ok: true, events: expectedEvents });
          return foldAccount(key, expectedEvents, state);
        },
        thenRefused(code, detailsSubset) {
          // Matching the whole decision makes a wrongly accepted command print its events.
          expect(decision).toMatchObject({ ok: false, refusal: { code } });
          if (decision.ok) throw new Error('unreachable: the decision was checked to be a refusal');
          expect(decision.refusal.message.length).toBeGreaterThan(0);
          if (detailsSubset) expect(decision.refusal.details).toEqual(expect.objectContaining(detailsSubset));
          return decision.refusal;
        },
      };
    },
  };
}

/** The registry folded from the given registry events, in order. */
export function givenRegistry(events: readonly RegistryEvent[]): RegistryState {
  const registry = new RegistryState();
  for (const event of events) registry.evolve(event);
  return registry;
}
