import { givenAccount } from '../../testing/decider-specification';
import { context, dienBien, dienBienPhu, himLam, billion, receivedFrom, requested, approved, rejected, expired, expire, fourEyesPolicy } from '../../testing/account-spec-builders';

const byTheLedger = { ...context, policy: fourEyesPolicy({ district: 10n * billion }), actorId: 'approval-expiry', jurisdiction: null, decisionRef: null };
const funded = receivedFrom(dienBien, 50n * billion, 'tr-0');
const allocationRequest = requested('rq-1', 'allocation', 30n * billion, { to: himLam, expiresAt: '2024-06-18T03:00:00.000Z' });

describe('ExpireMovementRequest', () => {
  it('records the expiry from the instant it is due, releasing the hold', () => {
    const after = givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(expire(dienBienPhu, 'rq-1'), { ...byTheLedger, today: '2024-06-18', now: '2024-06-18T03:00:00.000Z' })
      .then([{ type: 'MovementRequestExpired', data: { requestId: 'rq-1', movementKind: 'allocation', amountVnd: 30n * billion, expiresAt: '2024-06-18T03:00:00.000Z' } }]);
    expect(after).toMatchObject({ heldVnd: 0n, availableVnd: 50n * billion });
    expect(after.movementRequests.get('rq-1')?.state).toBe('expired');
  });

  it('refuses before it is due', () => {
    givenAccount(dienBienPhu, [funded, allocationRequest])
      .when(expire(dienBienPhu, 'rq-1'), { ...byTheLedger, today: '2024-06-18', now: '2024-06-18T02:59:59.999Z' })
      .thenRefused('APPROVAL_REQUEST_NOT_EXPIRED', { expiresAt: '2024-06-18T03:00:00.000Z' });
  });

  it('writes nothing for a request closed meanwhile, so a sweep re-driven never expires twice', () => {
    for (const closing of [approved('rq-1', 'allocation', 30n * billion), rejected('rq-1', 'allocation', 30n * billion), expired('rq-1', 'allocation', 30n * billion)]) {
      givenAccount(dienBienPhu, [funded, allocationRequest, closing])
        .when(expire(dienBienPhu, 'rq-1'), { ...byTheLedger, today: '2024-07-01', now: '2024-07-01T00:00:00.000Z' })
        .then([]);
    }
  });

  it('refuses a request this account does not have', () => {
    givenAccount(dienBienPhu, [funded]).when(expire(dienBienPhu, 'rq-1'), { ...byTheLedger, now: '2024-07-01T00:00:00.000Z' }).thenRefused('APPROVAL_REQUEST_NOT_FOUND');
  });
});
