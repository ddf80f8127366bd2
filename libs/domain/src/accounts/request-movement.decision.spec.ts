import { givenAccount } from '../../testing/decider-specification';
import {
  context,
  nation,
  dienBien,
  dienBienPhu,
  muongNhe,
  himLam,
  dienBienDa1,
  billion,
  beyondDoublePrecisionVnd,
  assigned,
  receivedFrom,
  allocatedTo,
  requested,
  fourEyesPolicy,
  assign,
  allocate,
  reallocate,
  returnFunds,
  disburse,
} from '../../testing/account-spec-builders';

/** Four-eyes at every level, with lower thresholds further down: a province signs off larger sums than a commune. */
const policy = fourEyesPolicy({ nation: 1_000n * billion, province: 100n * billion, district: 10n * billion, commune: 1n * billion });
const underFourEyes = { ...context, policy, actorId: 'officer-a' };

describe('a movement at or above its threshold is recorded as a request', () => {
  it('allocates at once just below the threshold of the source account’s level', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n * billion, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 100n * billion - 1n, 'tr-1'), underFourEyes)
      .then([allocatedTo(dienBienPhu, 100n * billion - 1n, 'tr-1')]);
  });

  it('requests an allocation of exactly the threshold, holding its amount', () => {
    const after = givenAccount(dienBien, [receivedFrom(nation, 500n * billion, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 100n * billion, 'rq-1'), underFourEyes)
      .then([
        {
          type: 'MovementRequested',
          data: {
            requestId: 'rq-1',
            movementKind: 'allocation',
            toAccountId: 'DTTS.2024.094.DTPT.NSTW._',
            amountVnd: 100n * billion,
            reason: null,
            requestedBy: 'officer-a',
            expiresAt: '2024-06-18T03:00:00.000Z',
            thresholdVnd: 100n * billion,
            decisionRef: 'QĐ-spec',
            effectiveDate: null,
          },
        },
      ]);
    expect(after).toMatchObject({ availableVnd: 400n * billion, heldVnd: 100n * billion, allocatedOutVnd: 0n, receivedVnd: 500n * billion });
    expect(after.movementRequests.get('rq-1')).toMatchObject({ state: 'pending', toAccountId: 'DTTS.2024.094.DTPT.NSTW._' });
  });

  it('takes the threshold of the source’s level, not the destination’s', () => {
    // 50 billion is above the district's and the commune's thresholds, below the province's.
    givenAccount(dienBien, [receivedFrom(nation, 500n * billion, 'tr-0')])
      .when(allocate(dienBien, himLam, 50n * billion, 'tr-1'), underFourEyes)
      .then([allocatedTo(himLam, 50n * billion, 'tr-1')]);
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 50n * billion, 'tr-0')])
      .when(allocate(dienBienPhu, himLam, 10n * billion, 'rq-2'), underFourEyes)
      .then([requested('rq-2', 'allocation', 10n * billion, { to: himLam, thresholdVnd: 10n * billion })]);
  });

  it('needs no approval at a level without a threshold', () => {
    const provinceOnly = { ...underFourEyes, policy: fourEyesPolicy({ province: 1n }) };
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 50n * billion, 'tr-0')])
      .when(allocate(dienBienPhu, himLam, 50n * billion, 'tr-1'), provinceOnly)
      .then([allocatedTo(himLam, 50n * billion, 'tr-1')]);
  });

  it('requests a budget assignment at the nation, which holds nothing and opens nothing', () => {
    const after = givenAccount(nation)
      .when(assign(nation, 2_100n * billion), { ...underFourEyes, firstEventId: 'rq-3', effectiveDate: '2024-06-01' })
      .then([requested('rq-3', 'budget-assignment', 2_100n * billion, { thresholdVnd: 1_000n * billion, effectiveDate: '2024-06-01' })]);
    expect(after).toMatchObject({ opened: false, receivedVnd: 0n, availableVnd: 0n, heldVnd: 0n, deadline: null });
  });

  it('requests a reallocation with its reason, and a return to the funder it found', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 50n * billion, 'tr-0')])
      .when(reallocate(dienBienPhu, muongNhe, 20n * billion, 'rq-4', 'NQ 111/2024/QH15'), underFourEyes)
      .then([requested('rq-4', 'reallocation', 20n * billion, { to: muongNhe, reason: 'NQ 111/2024/QH15', thresholdVnd: 10n * billion })]);
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 50n * billion, 'tr-0')])
      .when(returnFunds(dienBienPhu, null, 10n * billion, 'rq-5', 'không sử dụng hết'), underFourEyes)
      .then([requested('rq-5', 'return', 10n * billion, { to: dienBien, reason: 'không sử dụng hết', thresholdVnd: 10n * billion })]);
  });

  it('keeps amounts above 2^53 exact in the request and the hold', () => {
    const after = givenAccount(nation, [assigned(beyondDoublePrecisionVnd + 1n)])
      .when(allocate(nation, dienBien, beyondDoublePrecisionVnd, 'rq-6'), underFourEyes)
      .then([requested('rq-6', 'allocation', beyondDoublePrecisionVnd, { to: dienBien, thresholdVnd: 1_000n * billion })]);
    expect(after).toMatchObject({ heldVnd: beyondDoublePrecisionVnd, availableVnd: 1n });
  });

  it('expires after the policy’s hours, counted from the instant it is decided', () => {
    const after = givenAccount(dienBienPhu, [receivedFrom(dienBien, 50n * billion, 'tr-0')])
      .when(allocate(dienBienPhu, himLam, 10n * billion, 'rq-7'), { ...underFourEyes, policy: fourEyesPolicy({ district: 1n }, 1), now: '2024-06-15T16:59:59.999Z' })
      .then([requested('rq-7', 'allocation', 10n * billion, { to: himLam, thresholdVnd: 1n, expiresAt: '2024-06-15T17:59:59.999Z' })]);
    expect(after.movementRequests.get('rq-7')?.expiresAt).toBe('2024-06-15T17:59:59.999Z');
  });

  it('refuses what the movement’s own rules refuse instead of requesting it', () => {
    givenAccount(dienBien, [receivedFrom(nation, 50n * billion, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 100n * billion, 'rq-8'), underFourEyes)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '50000000000', requestedVnd: '100000000000' });
    givenAccount(dienBien, [receivedFrom(nation, 500n * billion, 'tr-0')])
      .when(allocate(dienBien, nation, 100n * billion, 'rq-8'), underFourEyes)
      .thenRefused('DESTINATION_NOT_BELOW_SOURCE');
  });
});

describe('what a pending request holds is not available to other commands', () => {
  const withRequest = [receivedFrom(dienBien, 50n * billion, 'tr-0'), requested('rq-1', 'allocation', 30n * billion, { to: himLam })];

  it('refuses a disbursement that only the held money would cover, naming what is held', () => {
    givenAccount(dienBienPhu, withRequest)
      .when(disburse(dienBienPhu, 20n * billion + 1n), underFourEyes)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '20000000000', requestedVnd: '20000000001', shortfallVnd: '1', heldVnd: '30000000000' });
  });

  it('allows what is left beside the hold', () => {
    const after = givenAccount(dienBienPhu, withRequest)
      .when(disburse(dienBienPhu, 20n * billion), underFourEyes)
      .then([{ type: 'FundsDisbursed', data: { disbursementId: 'd-1', amountVnd: 20n * billion, voucherRef: 'KB-0001', disbursedOn: '2024-06-01' } }]);
    expect(after).toMatchObject({ availableVnd: 0n, heldVnd: 30n * billion });
  });

  it('refuses a second request for the held money', () => {
    givenAccount(dienBienPhu, withRequest)
      .when(allocate(dienBienPhu, himLam, 30n * billion, 'rq-2'), underFourEyes)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '20000000000', heldVnd: '30000000000' });
  });

  it('holds the money of a component project’s request in that project only', () => {
    const after = givenAccount(dienBienDa1, [receivedFrom(dienBien, 200n * billion, 'tr-0')])
      .when(allocate(dienBienDa1, { ...dienBienPhu, componentCode: 'DA1' }, 150n * billion, 'rq-9'), underFourEyes)
      .then([requested('rq-9', 'allocation', 150n * billion, { to: { ...dienBienPhu, componentCode: 'DA1' }, thresholdVnd: 100n * billion })]);
    expect(after).toMatchObject({ availableVnd: 50n * billion, heldVnd: 150n * billion });
  });
});
