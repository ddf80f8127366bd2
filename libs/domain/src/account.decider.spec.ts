/*
 * Each command's given/when/then cases sit beside its decision in accounts/, and evolve's beside
 * account.state.ts. This spec keeps the story that crosses accounts: money handed down the tree and
 * back, every account deciding from its own stream only.
 */
import { accountId, type AccountKey } from './account-id';
import type { DecisionContext } from './account.commands';
import { foldAccount } from './account.state';
import type { AccountEvent } from './account.events';
import { givenAccount, type SpecifiedCommand, type SpecifiedContext } from '../testing/decider-specification';
import {
  context,
  nation,
  dienBien,
  dienBienPhu,
  himLam,
  billion,
  assign,
  allocate,
  returnFunds,
  receive,
  disburse,
} from '../testing/account-spec-builders';

describe('a year of DTTS money for Điện Biên, end to end across accounts', () => {
  it('moves money nation → province → district → commune and back, each step decided from its own history', () => {
    // Each account folds only its own stream; the credit halves are what the transfer process manager would record.
    const streams = new Map<string, AccountEvent[]>();
    const decide = (command: SpecifiedCommand, decisionContext: SpecifiedContext = context): readonly AccountEvent[] => {
      const id = accountId(command.account);
      const history = streams.get(id) ?? [];
      const decision = givenAccount(command.account, history).when(command, decisionContext).decision;
      if (!decision.ok) throw new Error(`refused ${decision.refusal.code}: ${decision.refusal.message}`);
      streams.set(id, [...history, ...decision.events]);
      return decision.events;
    };
    const state = (account: AccountKey) => foldAccount(account, streams.get(accountId(account)) ?? []);

    decide(assign(nation, 729n * billion));
    decide(allocate(nation, dienBien, 729n * billion, 't1'));
    decide(receive(dienBien, nation, 729n * billion, 't1'));
    decide(allocate(dienBien, dienBienPhu, 100n * billion, 't2'));
    decide(receive(dienBienPhu, dienBien, 100n * billion, 't2'));
    decide(allocate(dienBienPhu, himLam, 10n * billion, 't3'));
    decide(receive(himLam, dienBienPhu, 10n * billion, 't3'));
    decide(disburse(himLam, 4n * billion, '2024-06-10', 'KB-11-0001', 'd1'));
    decide(returnFunds(himLam, null, 6n * billion, 't4'));
    decide(receive(dienBienPhu, himLam, 6n * billion, 't4', 'return'));
    expect(decide(receive(dienBienPhu, himLam, 6n * billion, 't4', 'return'))).toEqual([]);

    expect(state(nation).availableVnd).toBe(0n);
    expect(state(dienBien).availableVnd).toBe(629n * billion);
    expect(state(dienBienPhu)).toMatchObject({ receivedVnd: 106n * billion, allocatedOutVnd: 10n * billion, availableVnd: 96n * billion });
    expect(state(himLam)).toMatchObject({ receivedVnd: 10n * billion, disbursedVnd: 4n * billion, returnedVnd: 6n * billion, availableVnd: 0n });
  });
});
