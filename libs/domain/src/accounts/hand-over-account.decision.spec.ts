import { givenAccount } from '../../testing/decider-specification';
import {
  allocate,
  assign,
  closed,
  congVi,
  dienBien,
  dienBien2025,
  dienBienPhu,
  dienBienPhuDa1,
  dienBienPhuWard2025,
  disburse,
  extend,
  extended,
  giangVo2025,
  handOver,
  handedOverTo,
  himLam,
  key,
  muongNhe,
  muongNhe2025,
  nation,
  ngocHa2025,
  receive,
  receivedFrom,
  reformContext,
  reallocate,
  rejected,
  requested,
  returnFunds,
} from '../../testing/account-spec-builders';

/*
 * Hand-over of the accounts of units that ceased to exist on 30 June 2025: each open balance
 * moves "in its original state" (program, plan year, capital type, budget source, component and
 * deadline kept) to successors' accounts, and the account closes.
 */
const onTheDay = { ...reformContext, effectiveDate: '2025-07-01' };

describe('HandOverAccount', () => {
  it('waits for the account’s pending movement requests: their held money would be left in a closed account', () => {
    const request = requested('rq-1', 'allocation', 100n, { to: himLam });
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), request])
      .when(handOver(dienBienPhu, [[dienBien2025, 200n]]), onTheDay)
      .thenRefused('HANDOVER_REQUESTS_PENDING', { pendingRequestCount: 1, firstPendingRequestId: 'rq-1', heldVnd: '100' });
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), request, rejected('rq-1', 'allocation', 100n)])
      .when(handOver(dienBienPhu, [[dienBien2025, 300n]]), onTheDay)
      .then([handedOverTo(dienBien2025, 300n, 'ho-1', '2025-01-31'), closed('2025-07-01')]);
  });

  it('moves the whole balance of an abolished district to the new province and closes the account, carrying the deadline', () => {
    const after = givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), extended('2025-01-31', '2025-12-31')])
      .when(handOver(dienBienPhu, [[dienBien2025, 300n]]), onTheDay)
      .then([handedOverTo(dienBien2025, 300n, 'ho-1', '2025-12-31'), closed('2025-07-01')]);
    expect(after).toMatchObject({ availableVnd: 0n, handedOverVnd: 300n, closed: true, closedOn: '2025-07-01', successorAccountIds: ['DTTS.2024.11@2025.DTPT.NSTW._'] });
  });

  it('hands a district’s money straight to a new commune that took in one of its communes', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(handOver(dienBienPhu, [[dienBienPhuWard2025, 300n]]), onTheDay)
      .then([handedOverTo(dienBienPhuWard2025, 300n, 'ho-1', '2025-01-31'), closed('2025-07-01')]);
  });

  it('apportions a ward split between two new wards, each share a transfer of its own', () => {
    givenAccount(congVi, [receivedFrom(nation, 1_000_000_001n, 'tr-0')])
      .when(handOver(congVi, [[ngocHa2025, 600_000_000n], [giangVo2025, 400_000_001n]]), onTheDay)
      .then([handedOverTo(ngocHa2025, 600_000_000n, 'ho-1', '2025-01-31'), handedOverTo(giangVo2025, 400_000_001n, 'ho-1.2', '2025-01-31'), closed('2025-07-01')]);
  });

  it('closes an empty account with no transfer', () => {
    givenAccount(muongNhe, [receivedFrom(dienBien, 10n, 'tr-0'), { type: 'FundsDisbursed', data: { disbursementId: 'd', amountVnd: 10n, voucherRef: 'KB-1', disbursedOn: '2024-05-02' } }])
      .when(handOver(muongNhe, []), onTheDay)
      .then([closed('2025-07-01')]);
  });

  it('refuses an apportionment that does not add up to the balance, to the đồng', () => {
    const given = givenAccount(congVi, [receivedFrom(nation, 1_000_000_001n, 'tr-0')]);
    given.when(handOver(congVi, [[ngocHa2025, 600_000_000n], [giangVo2025, 400_000_000n]]), onTheDay).thenRefused('HANDOVER_SHARES_MISMATCH', {
      availableVnd: '1000000001',
      sharesVnd: '1000000000',
      differenceVnd: '1',
    });
    given.when(handOver(congVi, [[ngocHa2025, 1_000_000_002n]]), onTheDay).thenRefused('HANDOVER_SHARES_MISMATCH', { differenceVnd: '-1' });
    given.when(handOver(congVi, []), onTheDay).thenRefused('HANDOVER_SHARES_MISMATCH', { sharesVnd: '0' });
  });

  it('refuses a share of zero, and a successor named twice', () => {
    const given = givenAccount(congVi, [receivedFrom(nation, 10n, 'tr-0')]);
    given.when(handOver(congVi, [[ngocHa2025, 10n], [giangVo2025, 0n]]), onTheDay).thenRefused('INVALID_AMOUNT');
    given.when(handOver(congVi, [[ngocHa2025, 5n], [ngocHa2025, 5n]]), onTheDay).thenRefused('HANDOVER_TARGET_REPEATED', { accountId: 'DTTS.2024.00008@2025.DTPT.NSTW._' });
  });

  it('refuses a unit that did not succeed the account’s unit', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(handOver(dienBienPhu, [[ngocHa2025, 300n]]), onTheDay)
      .thenRefused('HANDOVER_TARGET_NOT_SUCCESSOR', { sourceLocalityId: '094', destinationLocalityId: '00008@2025', successors: '11@2025,03127@2025' });
  });

  it('keeps the money in its original state: same program, plan year, capital, source and component', () => {
    const given = givenAccount(dienBienPhuDa1, [receivedFrom(key({ localityId: '11', componentCode: 'DA1' }), 300n, 'tr-0')]);
    given.when(handOver(dienBienPhuDa1, [[dienBien2025, 300n]]), onTheDay).thenRefused('COMPONENT_MISMATCH', { source: 'DA1', destination: null });
    given.when(handOver(dienBienPhuDa1, [[key({ localityId: '11@2025', componentCode: 'DA1', planYear: 2025 }), 300n]]), onTheDay).thenRefused('PLAN_YEAR_MISMATCH');
    given.when(handOver(dienBienPhuDa1, [[key({ localityId: '11@2025', componentCode: 'DA1', budgetSource: 'NSDP' }), 300n]]), onTheDay).thenRefused('BUDGET_SOURCE_MISMATCH');
  });

  it('refuses to hand over a unit still in force, or before its last day has passed', () => {
    givenAccount(dienBien2025, [receivedFrom(nation, 5n, 'tr-0')]).when(handOver(dienBien2025, [[dienBien, 5n]]), onTheDay).thenRefused('HANDOVER_SOURCE_IN_FORCE', { localityId: '11@2025' });
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 5n, 'tr-0')])
      .when(handOver(dienBienPhu, [[dienBien2025, 5n]]), { ...reformContext, effectiveDate: '2025-06-30' })
      .thenRefused('HANDOVER_SOURCE_IN_FORCE', { validTo: '2025-06-30' });
  });

  it('refuses an account that never received money', () => {
    givenAccount(dienBienPhu).when(handOver(dienBienPhu, []), onTheDay).thenRefused('ACCOUNT_NOT_FOUND');
  });

  it('is a no-op on a closed account that holds nothing, so a re-run writes nothing', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), handedOverTo(dienBien2025, 300n, 'ho-1', '2025-01-31'), closed('2025-07-01')])
      .when(handOver(dienBienPhu, []), onTheDay)
      .then([]);
  });

  it('hands over a credit that reached the account after it closed, without closing it again', () => {
    const after = givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), handedOverTo(dienBien2025, 300n, 'ho-1', '2025-01-31'), closed('2025-07-01'), receivedFrom(dienBien, 7n, 'tr-late')])
      .when(handOver(dienBienPhu, [[dienBien2025, 7n]], 'ho-2'), onTheDay)
      .then([handedOverTo(dienBien2025, 7n, 'ho-2', '2025-01-31')]);
    expect(after).toMatchObject({ availableVnd: 0n, handedOverVnd: 307n, closed: true, closedOn: '2025-07-01' });
  });
});

describe('a closed account', () => {
  const closedDistrict = givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), handedOverTo(dienBien2025, 300n, 'ho-1', '2025-01-31'), closed('2025-07-01')]);
  const before = { ...reformContext, effectiveDate: '2025-06-20' };

  it.each([
    ['an assignment', assign(dienBienPhu, 1n)],
    ['an allocation', allocate(dienBienPhu, himLam, 1n)],
    ['a reallocation', reallocate(dienBienPhu, muongNhe, 1n)],
    ['a return', returnFunds(dienBienPhu, null, 1n)],
    ['a disbursement', disburse(dienBienPhu, 1n, '2025-06-20')],
    ['an extension', extend(dienBienPhu, '2025-12-31')],
  ])('refuses %s with ACCOUNT_CLOSED, naming where its money went', (_label, command) => {
    closedDistrict.when(command, before).thenRefused('ACCOUNT_CLOSED', { accountId: 'DTTS.2024.094.DTPT.NSTW._', closedOn: '2025-07-01', successorAccountIds: 'DTTS.2024.11@2025.DTPT.NSTW._' });
  });

  it('still takes the credit of a transfer debited towards it before it closed', () => {
    const after = closedDistrict.when(receive(dienBienPhu, dienBien, 7n, 'tr-late'), reformContext).then([receivedFrom(dienBien, 7n, 'tr-late')]);
    expect(after).toMatchObject({ closed: true, availableVnd: 7n });
  });
});

describe('units in force', () => {
  it('refuses an entry dated after an ended unit’s last day once its successors are known', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(disburse(dienBienPhu, 1n, '2025-07-02'), reformContext)
      .thenRefused('LOCALITY_NOT_IN_FORCE', { localityId: '094', date: '2025-07-02', validTo: '2025-06-30', successors: '11@2025' });
    givenAccount(dienBien, [receivedFrom(nation, 300n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 1n), { ...reformContext, effectiveDate: '2025-07-10' })
      .thenRefused('LOCALITY_NOT_IN_FORCE', { localityId: '11' });
  });

  it('takes entries dated within the old unit’s life, also when recorded after the change', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0'), extended('2025-01-31', '2025-12-31')])
      .when(disburse(dienBienPhu, 1n, '2025-06-30', 'KB-LATE', 'd-late'), reformContext)
      .then([{ type: 'FundsDisbursed', data: { disbursementId: 'd-late', amountVnd: 1n, voucherRef: 'KB-LATE', disbursedOn: '2025-06-30' } }]);
  });

  it('refuses an entry dated before a new unit existed', () => {
    givenAccount(dienBienPhuWard2025, [receivedFrom(dienBien2025, 5n, 'tr-0')])
      .when(disburse(dienBienPhuWard2025, 1n, '2025-06-30'), reformContext)
      .thenRefused('LOCALITY_NOT_IN_FORCE', { localityId: '03127@2025', validFrom: '2025-07-01' });
  });

  it('lets the new province allocate handed-over 2024 money to its new communes', () => {
    givenAccount(dienBien2025, [receivedFrom(dienBienPhu, 300n, 'ho-1', 'handover')])
      .when(allocate(dienBien2025, muongNhe2025, 100n, 'tr-2'), reformContext)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-2', toAccountId: 'DTTS.2024.03160@2025.DTPT.NSTW._', amountVnd: 100n } }]);
  });
});

describe('the credit of a hand-over', () => {
  it('brings the deadline the money had; the later deadline applies to the account', () => {
    const after = givenAccount(dienBien2025)
      .when({ ...receive(dienBien2025, dienBienPhu, 300n, 'ho-1', 'handover'), deadline: '2025-12-31' } as never, reformContext)
      .then([{ type: 'FundsReceived', data: { transferId: 'ho-1', fromAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 300n, transferKind: 'handover', deadline: '2025-12-31' } }]);
    expect(after).toMatchObject({ deadline: '2025-12-31', availableVnd: 300n, handedOverVnd: 0n });
    expect(after.fundingByAccount.size).toBe(0);
  });

  it('keeps the account’s own deadline when the money’s is earlier, and records no deadline on other credits', () => {
    const later = givenAccount(dienBien2025, [extended('2025-01-31', '2025-12-31')])
      .when({ ...receive(dienBien2025, dienBienPhu, 3n, 'ho-1', 'handover'), deadline: '2025-01-31' } as never, reformContext)
      .then([{ type: 'FundsReceived', data: { transferId: 'ho-1', fromAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 3n, transferKind: 'handover', deadline: '2025-01-31' } }]);
    expect(later.deadline).toBe('2025-12-31');
    givenAccount(dienBien2025)
      .when({ ...receive(dienBien2025, nation, 3n, 'tr-9'), deadline: '2030-01-01' } as never, reformContext)
      .then([receivedFrom(nation, 3n, 'tr-9')]);
  });
});
