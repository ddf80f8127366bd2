import fc from 'fast-check';
import type { AccountKey } from './account-id';
import { decideAccount } from './account.decider';
import { foldAccount, type AccountState } from './account.state';
import { holdsMoney, type AccountEvent } from './account.events';
import { defaultLedgerPolicy, type LedgerPolicy } from './ledger-policy';
import type { Vnd } from './money';
import { decisionInputs, givenRegistry, type SpecifiedCommand } from '../testing/decider-specification';
import { registryFixtureEvents } from '../testing/registry.fixture';

/*
 * Random sequences of movements, approvals, rejections and expiries on one province account under
 * four-eyes, by two officers who are also each other's approver, at random instants. Whatever the
 * order: what is held is exactly what pending requests hold, available never goes below zero, a
 * request is closed at most once, and an approval moves its money exactly once, in the same
 * decision.
 */

const registry = givenRegistry(registryFixtureEvents);

function key(localityId: string, overrides: Partial<AccountKey> = {}): AccountKey {
  return { programCode: 'DTTS', planYear: 2024, localityId, capitalType: 'DTPT', budgetSource: 'NSDP', componentCode: null, ...overrides };
}

const self = key('11');
const children = [key('094'), key('096'), key('11', { componentCode: 'DA1' })];
const policy: LedgerPolicy = { ...defaultLedgerPolicy, approvalThresholdsVnd: { nation: null, province: 100n, district: null, commune: null }, approvalExpiryHours: 2 };

const amountVnd: fc.Arbitrary<Vnd> = fc.oneof({ weight: 4, arbitrary: fc.bigInt(1n, 300n) }, { weight: 1, arbitrary: fc.constantFrom(99n, 100n, 101n) });
/** Commands name requests by the ids the loop gives movements: `e1`, `e2`, … in order. */
const requestId = fc.integer({ min: 1, max: 24 }).map((index) => `e${index}`);
const actorId = fc.constantFrom('officer-a', 'officer-b');
/** Instants over two days: a request made on the first morning has expired by its afternoon. */
const now = fc.constantFrom('2024-06-15T01:00:00.000Z', '2024-06-15T02:30:00.000Z', '2024-06-15T05:00:00.000Z', '2024-06-16T01:00:00.000Z');

const command: fc.Arbitrary<SpecifiedCommand> = fc.oneof(
  amountVnd.map((amount): SpecifiedCommand => ({ kind: 'AssignBudget', account: self, amountVnd: amount })),
  fc.record({ to: fc.constantFrom(...children), amount: amountVnd }).map(({ to, amount }): SpecifiedCommand => ({ kind: 'AllocateFunds', account: self, to, amountVnd: amount })),
  amountVnd.map((amount): SpecifiedCommand => ({ kind: 'ReallocateFunds', account: self, to: key('01'), amountVnd: amount, reason: 'điều chỉnh' })),
  amountVnd.map((amount): SpecifiedCommand => ({ kind: 'RecordDisbursement', account: self, amountVnd: amount, voucherRef: 'KB', disbursedOn: '2024-06-15' })),
  { weight: 4, arbitrary: requestId.map((id): SpecifiedCommand => ({ kind: 'ApproveMovement', account: self, requestId: id })) },
  requestId.map((id): SpecifiedCommand => ({ kind: 'RejectMovement', account: self, requestId: id, reason: 'không đủ hồ sơ' })),
  requestId.map((id): SpecifiedCommand => ({ kind: 'ExpireMovementRequest', account: self, requestId: id })),
);

const step = fc.record({ command, actorId, now });

function creditsMinusDebits(state: AccountState): Vnd {
  return state.receivedVnd + state.reversedVnd - state.allocatedOutVnd - state.reallocatedOutVnd - state.returnedVnd - state.disbursedVnd;
}

function checkInvariants(state: AccountState, history: readonly AccountEvent[]): void {
  const pendingHolds = [...state.movementRequests.values()].filter((request) => request.state === 'pending' && holdsMoney(request.movementKind)).reduce((sum, request) => sum + request.amountVnd, 0n);
  expect(state.heldVnd).toBe(pendingHolds);
  expect(state.availableVnd).toBeGreaterThanOrEqual(0n);
  expect(state.availableVnd).toBe(creditsMinusDebits(state) - state.heldVnd);
  // A request is closed at most once, and every approval is followed by its movement, under the request's id.
  const closings = history.filter((event) => event.type === 'MovementApproved' || event.type === 'MovementRejected' || event.type === 'MovementRequestExpired');
  expect(new Set(closings.map((event) => event.data.requestId)).size).toBe(closings.length);
  history.forEach((event, index) => {
    if (event.type !== 'MovementApproved') return;
    const movement = history[index + 1];
    if (event.data.movementKind === 'budget-assignment') expect(movement).toEqual({ type: 'BudgetAssigned', data: { amountVnd: event.data.amountVnd } });
    else expect(movement?.data).toMatchObject({ transferId: event.data.requestId, amountVnd: event.data.amountVnd });
  });
}

describe('four-eyes under random command sequences', () => {
  it('holds exactly what pending requests hold, never spends held money, and closes and moves each request once', () => {
    const totals = { requested: 0, approved: 0, closedOtherwise: 0, selfApprovalsRefused: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), (steps) => {
        const history: AccountEvent[] = [];
        let state = foldAccount(self, history);
        const requesters = new Map<string, string>();
        let eventCount = 0;
        for (const { command: next, actorId: actor, now: instant } of steps) {
          // Every decision names its first event afresh, as the ledger's id source does; vouchers too, so disbursements pay.
          eventCount += 1;
          const fresh: SpecifiedCommand = next.kind === 'RecordDisbursement' ? { ...next, voucherRef: `KB-${eventCount}` } : next;
          const { command: decided, context } = decisionInputs({ ...fresh, firstEventId: `e${eventCount}` }, { registry, today: '2024-06-15', policy, actorId: actor, now: instant });
          const decision = decideAccount(decided, state, context);
          if (decided.kind === 'ApproveMovement' && requesters.get(decided.requestId) === actor && state.movementRequests.get(decided.requestId)?.state === 'pending') {
            // Whatever else holds, a requester never signs their own request.
            expect(decision.ok).toBe(false);
            totals.selfApprovalsRefused += 1;
          }
          if (!decision.ok) continue;
          for (const event of decision.events) {
            if (event.type === 'MovementRequested') {
              totals.requested += 1;
              requesters.set(event.data.requestId, event.data.requestedBy);
              expect(event.data.amountVnd).toBeGreaterThanOrEqual(100n);
            }
            if (event.type === 'MovementApproved') totals.approved += 1;
            if (event.type === 'MovementRejected' || event.type === 'MovementRequestExpired') totals.closedOtherwise += 1;
          }
          history.push(...decision.events);
          state = foldAccount(self, decision.events, state);
          checkInvariants(state, history);
        }
        expect(foldAccount(self, history)).toEqual(state);
      }),
      { numRuns: 300 },
    );
    // Guard against a generator that never reaches the branches under test.
    expect(totals.requested).toBeGreaterThan(100);
    expect(totals.approved).toBeGreaterThan(10);
    expect(totals.closedOtherwise).toBeGreaterThan(10);
    expect(totals.selfApprovalsRefused).toBeGreaterThan(10);
  });
});
