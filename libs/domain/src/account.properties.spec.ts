import fc from 'fast-check';
import type { AccountKey } from './account-id';
import { decideAccount } from './account.decider';
import { balanceVndMax, foldAccount, initialAccountState, type AccountState } from './account.state';
import { transferKinds, type AccountEvent } from './account.events';
import { amountVndMax, type Vnd } from './money';
import { decisionInputs, givenRegistry, type SpecifiedCommand } from '../testing/decider-specification';
import { registryFixtureEvents } from '../testing/registry.fixture';

/*
 * Random command sequences against one account (Điện Biên's local-budget DTTS 2024 investment
 * account), applying only what the decider accepts. Whatever the order, the account's figures
 * must stay consistent and refusals must write nothing.
 */

const registry = givenRegistry(registryFixtureEvents);

function key(localityId: string, overrides: Partial<AccountKey> = {}): AccountKey {
  return { programCode: 'DTTS', planYear: 2024, localityId, capitalType: 'DTPT', budgetSource: 'NSDP', componentCode: null, ...overrides };
}

const self = key('11');
const children = [key('094'), key('096'), key('03127'), key('11', { componentCode: 'DA1' })];
// Funders include accounts that are not real parents: the credit side trusts the process manager.
const senders = [key('VN'), key('01'), key('094'), key('11', { componentCode: 'DA3' })];
const strangers = [key('VN', { budgetSource: 'NSTW' }), key('096')];

/** Mostly small valid amounts, with the edges the decider must refuse or handle exactly. */
const amountVnd: fc.Arbitrary<Vnd> = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt(1n, 1_000n) },
  { weight: 1, arbitrary: fc.constantFrom(0n, -1n, amountVndMax, amountVndMax + 1n, 2n ** 53n + 1n) },
  { weight: 1, arbitrary: fc.bigInt(-(10n ** 17n), 10n ** 17n) },
);
const isoDate = fc.constantFrom('2023-12-31', '2024-01-01', '2024-06-15', '2024-12-31', '2025-01-31', '2025-02-01', '2025-06-30', '2026-01-01');
const transferId = fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6');
const disbursementId = fc.constantFrom('d1', 'd2', 'd3', 'd4');
const voucherRef = fc.constantFrom('KB-1', 'KB-2', 'KB-3');

const command: fc.Arbitrary<SpecifiedCommand> = fc.oneof(
  amountVnd.map((amount): SpecifiedCommand => ({ kind: 'AssignBudget', account: self, amountVnd: amount })),
  fc
    .record({ from: fc.constantFrom(...senders), amount: amountVnd, id: transferId, kind: fc.constantFrom(...transferKinds) })
    .map(({ from, amount, id, kind }): SpecifiedCommand => ({ kind: 'ReceiveFunds', account: self, from, amountVnd: amount, transferId: id, transferKind: kind })),
  fc
    .record({ to: fc.constantFrom(...children, ...strangers), amount: amountVnd, id: transferId })
    .map(({ to, amount, id }): SpecifiedCommand => ({ kind: 'AllocateFunds', account: self, to, amountVnd: amount, firstEventId: id })),
  fc
    .record({ to: fc.constantFrom(key('01'), ...children), amount: amountVnd, id: transferId })
    .map(({ to, amount, id }): SpecifiedCommand => ({ kind: 'ReallocateFunds', account: self, to, amountVnd: amount, firstEventId: id, reason: 'điều chỉnh' })),
  fc
    .record({ to: fc.constantFrom<AccountKey | null>(null, ...senders, ...strangers), amount: amountVnd, id: transferId })
    .map(({ to, amount, id }): SpecifiedCommand => ({ kind: 'ReturnFunds', account: self, to, amountVnd: amount, firstEventId: id, reason: 'nộp trả' })),
  fc
    .record({ id: disbursementId, amount: amountVnd, voucher: voucherRef, on: isoDate })
    .map(({ id, amount, voucher, on }): SpecifiedCommand => ({
      kind: 'RecordDisbursement',
      account: self,
      firstEventId: id,
      amountVnd: amount,
      voucherRef: voucher,
      disbursedOn: on,
    })),
  disbursementId.map((id): SpecifiedCommand => ({ kind: 'ReverseDisbursement', account: self, disbursementId: id, reason: 'đảo bút toán' })),
  isoDate.map((newDeadline): SpecifiedCommand => ({ kind: 'ExtendDisbursementDeadline', account: self, newDeadline, specialResolution: false })),
);

const step = fc.record({ command, today: fc.constantFrom('2024-06-15', '2025-03-01', '2026-06-30') });

function creditsMinusDebits(state: AccountState): Vnd {
  return state.receivedVnd + state.reversedVnd - state.allocatedOutVnd - state.reallocatedOutVnd - state.returnedVnd - state.disbursedVnd;
}

function checkInvariants(state: AccountState): void {
  expect(state.availableVnd).toBeGreaterThanOrEqual(0n);
  expect(state.availableVnd).toBe(creditsMinusDebits(state));
  for (const figure of [state.receivedVnd, state.allocatedOutVnd, state.reallocatedOutVnd, state.returnedVnd, state.disbursedVnd, state.reversedVnd]) {
    expect(figure).toBeGreaterThanOrEqual(0n);
    expect(figure).toBeLessThanOrEqual(balanceVndMax);
  }
  // All credits together stay within the limit, which bounds every debit figure as well: this is
  // what keeps repeated disburse/reverse cycles from overflowing a 64-bit column.
  expect(state.receivedVnd + state.reversedVnd).toBeLessThanOrEqual(balanceVndMax);
  // No funder is ever owed back less than nothing.
  for (const netVnd of state.fundingByAccount.values()) expect(netVnd).toBeGreaterThanOrEqual(0n);
}

/** Decides each step against the state so far, keeps what is accepted, and checks the account after every step. */
function run(steps: readonly { command: SpecifiedCommand; today: string }[], history: readonly AccountEvent[] = []): { accepted: number; refused: number } {
  const recorded: AccountEvent[] = [...history];
  let state = foldAccount(self, recorded);
  let accepted = 0;
  let refused = 0;
  for (const { command: next, today } of steps) {
    const { command: decided, context } = decisionInputs(next, { registry, today });
    const decision = decideAccount(decided, state, context);
    // Deciding is pure: the same command against the same state gives the same answer.
    expect(decideAccount(decided, state, context)).toEqual(decision);
    if (decision.ok) {
      accepted += 1;
      recorded.push(...decision.events);
      state = foldAccount(self, decision.events, state);
    } else {
      refused += 1;
      expect(Object.keys(decision)).toEqual(['ok', 'refusal']);
      expect(decision.refusal.code).toMatch(/^[A-Z_]+$/);
    }
    checkInvariants(state);
  }
  // Folding the whole stream from scratch agrees with folding step by step.
  expect(foldAccount(self, recorded)).toEqual(state);
  return { accepted, refused };
}

describe('account properties under random command sequences', () => {
  it('keeps available ≥ 0 and equal to credits − debits, and refusals write nothing', () => {
    const totals = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), (steps) => {
        const { accepted, refused } = run(steps);
        totals.accepted += accepted;
        totals.refused += refused;
      }),
      { numRuns: 200 },
    );
    // Guard against a generator that only ever exercises refusals (or only acceptances).
    expect(totals.accepted).toBeGreaterThan(500);
    expect(totals.refused).toBeGreaterThan(500);
  });

  it('keeps every figure within the storage limit near the balance limit, even through disburse/reverse cycles', () => {
    const nearLimit: AccountEvent[] = [{ type: 'BudgetAssigned', data: { amountVnd: balanceVndMax - amountVndMax } }];
    const cycle = fc
      .record({ id: disbursementId, amount: fc.constantFrom(amountVndMax, amountVndMax / 2n, 1n), voucher: voucherRef })
      .map(({ id, amount, voucher }): { command: SpecifiedCommand; today: string }[] => [
        { command: { kind: 'RecordDisbursement', account: self, firstEventId: id, amountVnd: amount, voucherRef: voucher, disbursedOn: '2024-06-15' }, today: '2024-06-15' },
        { command: { kind: 'ReverseDisbursement', account: self, disbursementId: id, reason: 'đảo' }, today: '2024-06-15' },
      ]);
    fc.assert(
      fc.property(fc.array(fc.oneof(cycle, fc.array(step, { maxLength: 3 })), { maxLength: 30 }), (groups) => {
        run(groups.flat(), nearLimit);
      }),
      { numRuns: 200 },
    );
  });

  it('starts from a closed account that refuses every debit', () => {
    fc.assert(
      fc.property(command, (next) => {
        fc.pre(next.kind !== 'AssignBudget' && next.kind !== 'ReceiveFunds');
        const { command: decided, context } = decisionInputs(next, { registry, today: '2025-03-01' });
        const decision = decideAccount(decided, initialAccountState, context);
        expect(decision.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
