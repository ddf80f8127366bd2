import { givenAccount } from '../../testing/decider-specification';
import { context, nation, dienBien, dienBienPhu, himLam, billion, receivedFrom, requested, approved, rejected, expired, fourEyesPolicy, reject } from '../../testing/account-spec-builders';

const byApprover = { ...context, policy: fourEyesPolicy({ district: 10n * billion }), actorId: 'approver-b' };
const funded = receivedFrom(dienBien, 50n * billion, 'tr-0');
const allocationRequest = requested('rq-1', 'allocation', 30n * billion, { to: himLam });

describe('RejectMovement', () => {
  it('rejects with the reason and releases the hold; nothing moves', () => {
    const after = givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(reject(dienBienPhu, 'rq-1', 'thiếu quyết định phê duyệt dự án'), byApprover)
      .then([{ type: 'MovementRejected', data: { requestId: 'rq-1', movementKind: 'allocation', amountVnd: 30n * billion, rejectedBy: 'approver-b', reason: 'thiếu quyết định phê duyệt dự án' } }]);
    expect(after).toMatchObject({ heldVnd: 0n, availableVnd: 50n * billion, allocatedOutVnd: 0n });
    expect(after.movementRequests.get('rq-1')?.state).toBe('rejected');
  });

  it('rejects a budget assignment request, which held nothing', () => {
    const after = givenAccount(nation, [requested('rq-2', 'budget-assignment', 2_100n * billion)])
      .when(reject(nation, 'rq-2'), byApprover)
      .then([rejected('rq-2', 'budget-assignment', 2_100n * billion)]);
    expect(after).toMatchObject({ opened: false, receivedVnd: 0n, availableVnd: 0n, heldVnd: 0n });
  });

  it('lets the requester withdraw their own request: rejecting moves no money', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(reject(dienBienPhu, 'rq-1', 'rút đề nghị'), { ...byApprover, actorId: 'officer-a' })
      .then([rejected('rq-1', 'allocation', 30n * billion, 'rút đề nghị', 'officer-a')]);
  });

  it('refuses a request already closed, one this account does not have, and one that has expired', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest, approved('rq-1', 'allocation', 30n * billion)])
      .when(reject(dienBienPhu, 'rq-1'), byApprover)
      .thenRefused('APPROVAL_REQUEST_NOT_PENDING', { state: 'approved' });
    givenAccount(dienBienPhu, [funded, allocationRequest, expired('rq-1', 'allocation', 30n * billion)])
      .when(reject(dienBienPhu, 'rq-1'), byApprover)
      .thenRefused('APPROVAL_REQUEST_NOT_PENDING', { state: 'expired' });
    givenAccount(dienBienPhu, [funded]).when(reject(dienBienPhu, 'rq-1'), byApprover).thenRefused('APPROVAL_REQUEST_NOT_FOUND');
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(reject(dienBienPhu, 'rq-1'), { ...byApprover, now: '2024-06-19T00:00:00.000Z' })
      .thenRefused('APPROVAL_REQUEST_EXPIRED', { expiresAt: '2024-06-18T03:00:00.000Z' });
  });

  it('refuses an approver outside the source’s jurisdiction', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest]).when(reject(dienBienPhu, 'rq-1'), { ...byApprover, jurisdiction: '096' }).thenRefused('OUTSIDE_JURISDICTION');
  });
});
