/// <reference types="jest" />
/*
 * Given-events / when-command / then-events helpers for the domain's unit tests, in the spirit
 * of Emmett's DeciderSpecification. They run only under jest: the assertions use jest's global
 * `expect`, which the triple-slash reference above types without importing anything, so the
 * domain keeps importing nothing outward.
 */
import { accountId, type AccountKey } from '../account-id';
import { decideAccount, foldAccount, type AccountCommand, type AccountDecision, type AccountState, type DecisionContext } from '../account.decider';
import type { AccountEvent } from '../account.events';
import type { Refusal, RefusalCode, RefusalDetails } from '../refusals';
import { RegistryState } from '../registry';
import type { RegistryEvent } from '../registry.events';

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

export interface AccountGiven {
  /** The account's state after folding the given events. */
  readonly state: AccountState;
  when(command: AccountCommand, context: DecisionContext): AccountThen;
}

/** Starts a specification for one account: its key and the events already in its stream. */
export function givenAccount(key: AccountKey, events: readonly AccountEvent[] = []): AccountGiven {
  const state = foldAccount(key, events);
  return {
    state,
    when(command, context) {
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
