import { amountVndMax } from '../money';
import { givenAccount } from '../../testing/decider-specification';
import {
  context,
  key,
  nation,
  dienBien,
  haNoi,
  dienBienPhu,
  muongNhe,
  baDinh,
  himLam,
  xaMuongNhe,
  dienBienDa1,
  dienBienDa2,
  dienBienPhuDa1,
  dienBienPhuDa2,
  billion,
  beyondDoublePrecisionVnd,
  assigned,
  receivedFrom,
  allocatedTo,
  allocate,
} from '../../testing/account-spec-builders';

describe('AllocateFunds', () => {
  it('allocates from the nation down to a province', () => {
    givenAccount(nation, [assigned(2_100n * billion)])
      .when(allocate(nation, dienBien, 1_300n * billion, 'tr-vn-11'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-vn-11', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 1_300n * billion } }]);
  });

  it('allocates from a province down to one of its districts', () => {
    const after = givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 200n, 'tr-11-094'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-11-094', toAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 200n } }]);
    expect(after.allocatedOutVnd).toBe(200n);
    expect(after.availableVnd).toBe(300n);
  });

  it('allocates from a locality’s general account to a component project at the same locality', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, dienBienDa1, 120n, 'tr-da1'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-da1', toAccountId: 'DTTS.2024.11.DTPT.NSTW.DA1', amountVnd: 120n } }]);
  });

  it('allocates to a locality two levels below, skipping the district', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, himLam, 80n, 'tr-11-03127'), context)
      .then([{ type: 'FundsAllocated', data: { transferId: 'tr-11-03127', toAccountId: 'DTTS.2024.03127.DTPT.NSTW._', amountVnd: 80n } }]);
  });

  it('allocates from the nation straight to a commune three levels below', () => {
    givenAccount(nation, [assigned(500n)]).when(allocate(nation, himLam, 1n), context).then([allocatedTo(himLam, 1n, 'tr-1')]);
  });

  it('allocates a component project’s money to the same component project below', () => {
    givenAccount(dienBienDa1, [receivedFrom(dienBien, 500n, 'tr-0')])
      .when(allocate(dienBienDa1, dienBienPhuDa1, 500n), context)
      .then([allocatedTo(dienBienPhuDa1, 500n, 'tr-1')]);
  });

  it('allocates a general account’s money to a component project below', () => {
    givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhuDa2, 10n), context)
      .then([allocatedTo(dienBienPhuDa2, 10n, 'tr-1')]);
  });

  it('allocates everything available, leaving nothing', () => {
    const after = givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0'), allocatedTo(dienBienPhu, 200n, 'tr-a')])
      .when(allocate(dienBien, muongNhe, 300n, 'tr-b'), context)
      .then([allocatedTo(muongNhe, 300n, 'tr-b')]);
    expect(after.availableVnd).toBe(0n);
    expect(after.allocatedOutVnd).toBe(500n);
  });

  it('keeps amounts above 2^53 exact', () => {
    const after = givenAccount(nation, [assigned(beyondDoublePrecisionVnd + 2n)])
      .when(allocate(nation, dienBien, beyondDoublePrecisionVnd), context)
      .then([allocatedTo(dienBien, beyondDoublePrecisionVnd, 'tr-1')]);
    expect(after.availableVnd).toBe(2n);
  });

  it.each([
    ['zero', 0n],
    ['a negative amount', -100n],
    ['an amount above the per-command maximum', amountVndMax + 1n],
  ])('refuses %s as INVALID_AMOUNT', (_label, amountVnd) => {
    givenAccount(nation, [assigned(amountVndMax)])
      .when(allocate(nation, dienBien, amountVnd), context)
      .thenRefused('INVALID_AMOUNT', { amountVnd: amountVnd.toString() });
  });

  it('refuses when the account never received money', () => {
    givenAccount(dienBien)
      .when(allocate(dienBien, dienBienPhu, 1n), context)
      .thenRefused('ACCOUNT_NOT_FOUND', { accountId: 'DTTS.2024.11.DTPT.NSTW._' });
  });

  it('refuses more than is available, with the figures as decimal strings', () => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')])
      .when(allocate(dienBien, dienBienPhu, 150n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '100', requestedVnd: '150', shortfallVnd: '50' });
  });

  it('counts earlier debits when checking what is available', () => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0'), allocatedTo(dienBienPhu, 60n, 'tr-a')])
      .when(allocate(dienBien, muongNhe, 41n, 'tr-b'), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '40', requestedVnd: '41', shortfallVnd: '1' });
  });

  it('reports a shortfall above 2^53 exactly', () => {
    givenAccount(nation, [assigned(beyondDoublePrecisionVnd)])
      .when(allocate(nation, dienBien, beyondDoublePrecisionVnd + 1n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '9007199254740993', requestedVnd: '9007199254740994', shortfallVnd: '1' });
  });

  it('refuses an allocation to the account itself', () => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')])
      .when(allocate(dienBien, dienBien, 1n), context)
      .thenRefused('SAME_ACCOUNT', { accountId: 'DTTS.2024.11.DTPT.NSTW._' });
  });

  it.each([
    ['PROGRAM_MISMATCH', key({ localityId: '094', programCode: 'NTM' }), { field: 'programCode', source: 'DTTS', destination: 'NTM' }],
    ['PLAN_YEAR_MISMATCH', key({ localityId: '094', planYear: 2023 }), { field: 'planYear', source: 2024, destination: 2023 }],
    ['CAPITAL_TYPE_MISMATCH', key({ localityId: '094', capitalType: 'SN' }), { field: 'capitalType', source: 'DTPT', destination: 'SN' }],
    ['BUDGET_SOURCE_MISMATCH', key({ localityId: '094', budgetSource: 'NSDP' }), { field: 'budgetSource', source: 'NSTW', destination: 'NSDP' }],
  ] as const)('refuses %s: money keeps its funding line on the way down', (code, destination, details) => {
    givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')]).when(allocate(dienBien, destination, 1n), context).thenRefused(code, details);
  });

  it('refuses an unknown source program, component or locality before looking at the destination', () => {
    const unknownProgram = key({ programCode: 'XYZ', localityId: '11' });
    givenAccount(unknownProgram).when(allocate(unknownProgram, dienBienPhu, 1n), context).thenRefused('UNKNOWN_PROGRAM', { programCode: 'XYZ' });
    const unknownLocality = key({ localityId: '12' });
    givenAccount(unknownLocality, [assigned(100n)])
      .when(allocate(unknownLocality, dienBienPhu, 1n), context)
      .thenRefused('UNKNOWN_LOCALITY', { localityId: '12' });
  });

  it('refuses a destination at an unknown locality, of an unknown component or outside the program years', () => {
    const given = givenAccount(dienBien, [receivedFrom(nation, 100n, 'tr-0')]);
    given.when(allocate(dienBien, key({ localityId: '097' }), 1n), context).thenRefused('UNKNOWN_LOCALITY', { localityId: '097' });
    given.when(allocate(dienBien, key({ localityId: '094', componentCode: 'DA99' }), 1n), context).thenRefused('UNKNOWN_COMPONENT', { componentCode: 'DA99' });
    given.when(allocate(dienBien, key({ localityId: '094', programCode: 'ABC' }), 1n), context).thenRefused('UNKNOWN_PROGRAM', { programCode: 'ABC' });
  });

  it.each([
    ['upward, from a district to its province', dienBienPhu, dienBien],
    ['upward, from a province to the nation', dienBien, nation],
    ['sideways, between sibling districts', dienBienPhu, muongNhe],
    ['sideways, between provinces', dienBien, haNoi],
    ['to another province’s district', dienBien, baDinh],
    ['to a commune of a sibling district', dienBienPhu, xaMuongNhe],
    ['from a component project to another component project below', dienBienDa1, dienBienPhuDa2],
    ['from a component project to another component project at the same locality', dienBienDa1, dienBienDa2],
    ['from a component project to the general account below', dienBienDa1, dienBienPhu],
    ['from a component project back to its locality’s general account', dienBienDa1, dienBien],
  ])('refuses an allocation %s', (_label, source, destination) => {
    givenAccount(source, [receivedFrom(nation, 100n, 'tr-0')])
      .when(allocate(source, destination, 1n), context)
      .thenRefused('DESTINATION_NOT_BELOW_SOURCE', {
        sourceLocalityId: source.localityId,
        destinationLocalityId: destination.localityId,
        sourceComponentCode: source.componentCode,
        destinationComponentCode: destination.componentCode,
      });
  });
});
