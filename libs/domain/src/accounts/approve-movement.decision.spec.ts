import { recordingOf } from '../account.commands';
import { foldAccount } from '../account.state';
import { givenAccount } from '../../testing/decider-specification';
import {
  context,
  nation,
  dienBien,
  haNoi,
  dienBienPhu,
  muongNhe,
  himLam,
  billion,
  receivedFrom,
  allocatedTo,
  reallocatedTo,
  returnedTo,
  requested,
  approved,
  rejected,
  expired,
  fourEyesPolicy,
  approve,
  reformContext,
} from '../../testing/account-spec-builders';

const policy = fourEyesPolicy({ province: 100n * billion, district: 10n * billion });
const byApprover = { ...context, policy, actorId: 'approver-b' };
const funded = receivedFrom(dienBien, 50n * billion, 'tr-0');
const allocationRequest = requested('rq-1', 'allocation', 30n * billion, { to: himLam });

describe('ApproveMovement', () => {
  it('moves on the request’s date: a request dated before a unit ceased to exist is approved after it', () => {
    // Điện Biên Phủ (a district) ended on 30 June 2025; the request was dated while it was in force.
    const dated = requested('rq-9', 'allocation', 30n * billion, { to: himLam, effectiveDate: '2025-06-20', expiresAt: '2025-08-01T00:00:00.000Z' });
    const undated = requested('rq-1', 'allocation', 30n * billion, { to: himLam, expiresAt: '2025-08-01T00:00:00.000Z' });
    givenAccount(dienBienPhu, [funded, dated])
      .when(approve(dienBienPhu, 'rq-9'), { ...reformContext, policy, actorId: 'approver-b' })
      .then([
        { type: 'MovementApproved', data: { requestId: 'rq-9', movementKind: 'allocation', amountVnd: 30n * billion, approvedBy: 'approver-b', transferId: 'rq-9' } },
        { type: 'FundsAllocated', data: { transferId: 'rq-9', toAccountId: 'DTTS.2024.03127.DTPT.NSTW._', amountVnd: 30n * billion } },
      ]);
    // Undated, it would move today, when the district no longer exists.
    givenAccount(dienBienPhu, [funded, undated])
      .when(approve(dienBienPhu, 'rq-1'), { ...reformContext, policy, actorId: 'approver-b' })
      .thenRefused('LOCALITY_NOT_IN_FORCE', { localityId: '094' });
  });

  it('records the approval and the movement in one decision, the transfer taking the request’s id', () => {
    const after = givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(approve(dienBienPhu, 'rq-1'), byApprover)
      .then([
        { type: 'MovementApproved', data: { requestId: 'rq-1', movementKind: 'allocation', amountVnd: 30n * billion, approvedBy: 'approver-b', transferId: 'rq-1' } },
        { type: 'FundsAllocated', data: { transferId: 'rq-1', toAccountId: 'DTTS.2024.03127.DTPT.NSTW._', amountVnd: 30n * billion } },
      ]);
    expect(after).toMatchObject({ heldVnd: 0n, allocatedOutVnd: 30n * billion, availableVnd: 20n * billion });
    expect(after.movementRequests.get('rq-1')?.state).toBe('approved');
  });

  it('records an approved budget assignment as money received', () => {
    const after = givenAccount(nation, [requested('rq-2', 'budget-assignment', 2_100n * billion)])
      .when(approve(nation, 'rq-2'), byApprover)
      .then([approved('rq-2', 'budget-assignment', 2_100n * billion), { type: 'BudgetAssigned', data: { amountVnd: 2_100n * billion } }]);
    expect(after).toMatchObject({ opened: true, receivedVnd: 2_100n * billion, availableVnd: 2_100n * billion, heldVnd: 0n, deadline: '2025-01-31' });
  });

  it('records an approved reallocation and return with their reasons and destinations', () => {
    givenAccount(dienBienPhu, [funded, requested('rq-3', 'reallocation', 20n * billion, { to: muongNhe, reason: 'NQ 111/2024/QH15' })])
      .when(approve(dienBienPhu, 'rq-3'), byApprover)
      .then([approved('rq-3', 'reallocation', 20n * billion), reallocatedTo(muongNhe, 20n * billion, 'rq-3', 'NQ 111/2024/QH15')]);
    givenAccount(dienBienPhu, [funded, requested('rq-4', 'return', 10n * billion, { to: dienBien, reason: 'không sử dụng hết' })])
      .when(approve(dienBienPhu, 'rq-4'), byApprover)
      .then([approved('rq-4', 'return', 10n * billion), returnedTo(dienBien, 10n * billion, 'rq-4', 'không sử dụng hết')]);
  });

  it('moves the whole available balance when the request held all of it', () => {
    const after = givenAccount(dienBienPhu, [funded, requested('rq-5', 'allocation', 50n * billion, { to: himLam })])
      .when(approve(dienBienPhu, 'rq-5'), byApprover)
      .then([approved('rq-5', 'allocation', 50n * billion), allocatedTo(himLam, 50n * billion, 'rq-5')]);
    expect(after).toMatchObject({ availableVnd: 0n, heldVnd: 0n });
  });

  it('approves one request of several, leaving the others held', () => {
    const after = givenAccount(dienBienPhu, [funded, allocationRequest, requested('rq-6', 'allocation', 15n * billion, { to: himLam })])
      .when(approve(dienBienPhu, 'rq-6'), byApprover)
      .then([approved('rq-6', 'allocation', 15n * billion), allocatedTo(himLam, 15n * billion, 'rq-6')]);
    expect(after).toMatchObject({ heldVnd: 30n * billion, availableVnd: 5n * billion });
  });

  it('refuses the requester’s own approval', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(approve(dienBienPhu, 'rq-1'), { ...byApprover, actorId: 'officer-a' })
      .thenRefused('SELF_APPROVAL_NOT_ALLOWED', { requestId: 'rq-1', requestedBy: 'officer-a' });
  });

  it('refuses a request approved, rejected or expired already, saying which', () => {
    for (const [closing, state] of [
      [approved('rq-1', 'allocation', 30n * billion), 'approved'],
      [rejected('rq-1', 'allocation', 30n * billion), 'rejected'],
      [expired('rq-1', 'allocation', 30n * billion), 'expired'],
    ] as const) {
      givenAccount(dienBienPhu, [funded, allocationRequest, closing])
        .when(approve(dienBienPhu, 'rq-1'), byApprover)
        .thenRefused('APPROVAL_REQUEST_NOT_PENDING', { requestId: 'rq-1', state });
    }
  });

  it('refuses a request this account does not have', () => {
    givenAccount(dienBienPhu, [funded]).when(approve(dienBienPhu, 'rq-x'), byApprover).thenRefused('APPROVAL_REQUEST_NOT_FOUND', { requestId: 'rq-x' });
  });

  it('approves a millisecond before the expiry and refuses at it', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(approve(dienBienPhu, 'rq-1'), { ...byApprover, now: '2024-06-18T02:59:59.999Z' })
      .then([approved('rq-1', 'allocation', 30n * billion), allocatedTo(himLam, 30n * billion, 'rq-1')]);
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(approve(dienBienPhu, 'rq-1'), { ...byApprover, now: '2024-06-18T03:00:00.000Z' })
      .thenRefused('APPROVAL_REQUEST_EXPIRED', { requestId: 'rq-1', expiresAt: '2024-06-18T03:00:00.000Z' });
  });

  it('refuses an approver whose jurisdiction does not cover the source', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(approve(dienBienPhu, 'rq-1'), { ...byApprover, jurisdiction: '096' })
      .thenRefused('OUTSIDE_JURISDICTION', { jurisdiction: '096', localityId: '094' });
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(approve(dienBienPhu, 'rq-1'), { ...byApprover, jurisdiction: '01' })
      .thenRefused('OUTSIDE_JURISDICTION', { jurisdiction: '01' });
  });

  it('lets an approver of the source’s district or above sign', () => {
    for (const jurisdiction of ['094', '11', 'VN']) {
      givenAccount(dienBienPhu, [funded, allocationRequest])
        .when(approve(dienBienPhu, 'rq-1'), { ...byApprover, jurisdiction })
        .then([approved('rq-1', 'allocation', 30n * billion), allocatedTo(himLam, 30n * billion, 'rq-1')]);
    }
  });

  it('refuses a reallocation’s approver whose jurisdiction does not cover its destination, as its requester’s must', () => {
    const sideways = requested('rq-7', 'reallocation', 20n * billion, { to: muongNhe, reason: 'NQ 111/2024/QH15' });
    givenAccount(dienBienPhu, [funded, sideways])
      .when(approve(dienBienPhu, 'rq-7'), { ...byApprover, jurisdiction: '094' })
      .thenRefused('OUTSIDE_JURISDICTION', { jurisdiction: '094', accountId: 'DTTS.2024.096.DTPT.NSTW._', localityId: '096' });
    givenAccount(dienBienPhu, [funded, sideways])
      .when(approve(dienBienPhu, 'rq-7'), { ...byApprover, jurisdiction: '11' })
      .then([approved('rq-7', 'reallocation', 20n * billion), reallocatedTo(muongNhe, 20n * billion, 'rq-7', 'NQ 111/2024/QH15')]);
  });

  it('decides the movement again: one the rules no longer allow is refused, and the request stays pending', () => {
    // A request recorded towards a province of another tree (as a damaged or older history might hold) is not an allocation down.
    const stale = requested('rq-8', 'allocation', 30n * billion, { to: haNoi });
    const refused = givenAccount(dienBienPhu, [funded, stale]).when(approve(dienBienPhu, 'rq-8'), byApprover);
    refused.thenRefused('DESTINATION_NOT_BELOW_SOURCE');
    expect(refused.stateBefore.movementRequests.get('rq-8')?.state).toBe('pending');
  });

  it('does not hold the approval to the back-dating window: the request’s date was checked when it was made', () => {
    const backdated = requested('rq-9', 'allocation', 30n * billion, { to: himLam, effectiveDate: '2024-01-02', decisionRef: null });
    givenAccount(dienBienPhu, [funded, backdated])
      .when(approve(dienBienPhu, 'rq-9'), { ...byApprover, decisionRef: null })
      .then([approved('rq-9', 'allocation', 30n * billion), allocatedTo(himLam, 30n * billion, 'rq-9')]);
  });
});

describe('what a command on a request is recorded under', () => {
  const pending = foldAccount(dienBienPhu, [funded, requested('rq-1', 'allocation', 30n * billion, { to: himLam, effectiveDate: '2024-06-10', decisionRef: '12/QĐ-UBND' })]);
  const sent = { effectiveDate: null, decisionRef: 'something the approver typed', today: '2024-06-15' };

  it('records an approval’s movement under the request’s decision, on the date the request named', () => {
    expect(recordingOf(approve(dienBienPhu, 'rq-1'), pending, sent)).toEqual({ effectiveDate: '2024-06-10', decisionRef: '12/QĐ-UBND' });
  });

  it('takes the day of the approval when the request named no date: the money moves then', () => {
    const undated = foldAccount(dienBienPhu, [funded, requested('rq-2', 'allocation', 30n * billion, { to: himLam })]);
    expect(recordingOf(approve(dienBienPhu, 'rq-2'), undated, sent)).toEqual({ effectiveDate: '2024-06-15', decisionRef: 'QĐ-spec' });
  });

  it('records a rejection or an expiry on its own day, under the request’s decision', () => {
    expect(recordingOf({ kind: 'RejectMovement', account: dienBienPhu, requestId: 'rq-1', reason: 'r' }, pending, sent)).toEqual({ effectiveDate: '2024-06-15', decisionRef: '12/QĐ-UBND' });
    expect(recordingOf({ kind: 'ExpireMovementRequest', account: dienBienPhu, requestId: 'rq-1' }, pending, sent)).toEqual({ effectiveDate: '2024-06-15', decisionRef: '12/QĐ-UBND' });
  });

  it('records every other command under what its client sent', () => {
    expect(recordingOf({ kind: 'AllocateFunds', account: dienBienPhu, to: himLam, amountVnd: 1n }, pending, { ...sent, effectiveDate: '2024-06-01' })).toEqual({
      effectiveDate: '2024-06-01',
      decisionRef: 'something the approver typed',
    });
  });
});
