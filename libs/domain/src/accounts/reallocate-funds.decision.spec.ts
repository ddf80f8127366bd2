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
  receivedFrom,
  reallocatedTo,
  reallocate,
} from '../../testing/account-spec-builders';

describe('ReallocateFunds', () => {
  it('moves money between sibling districts under a decision', () => {
    const after = givenAccount(dienBienPhu, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(reallocate(dienBienPhu, muongNhe, 100n, 'tr-094-096', 'QĐ 45/QĐ-UBND điều chuyển'), context)
      .then([
        {
          type: 'FundsReallocated',
          data: { transferId: 'tr-094-096', toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd: 100n, reason: 'QĐ 45/QĐ-UBND điều chuyển' },
        },
      ]);
    expect(after.reallocatedOutVnd).toBe(100n);
    expect(after.allocatedOutVnd).toBe(0n);
    expect(after.availableVnd).toBe(200n);
  });

  it('moves money between component projects of one locality (Resolution 111/2024/QH15)', () => {
    givenAccount(dienBienDa1, [receivedFrom(dienBien, 300n, 'tr-0')])
      .when(reallocate(dienBienDa1, dienBienDa2, 300n, 'tr-da1-da2', 'NQ HĐND tỉnh điều chỉnh dự toán'), context)
      .then([
        {
          type: 'FundsReallocated',
          data: { transferId: 'tr-da1-da2', toAccountId: 'DTTS.2024.11.DTPT.NSTW.DA2', amountVnd: 300n, reason: 'NQ HĐND tỉnh điều chỉnh dự toán' },
        },
      ]);
  });

  it('moves money between provinces, which are siblings under the nation', () => {
    givenAccount(dienBien, [receivedFrom(nation, 300n, 'tr-0')])
      .when(reallocate(dienBien, haNoi, 1n), context)
      .then([reallocatedTo(haNoi, 1n, 'tr-1', 'NQ 111/2024/QH15')]);
  });

  it.each([
    ['down to a district', dienBien, dienBienPhu],
    ['up to the province', dienBienPhu, dienBien],
    ['to a commune of a sibling district (cousins, not siblings)', himLam, xaMuongNhe],
    ['to a district of another province', dienBienPhu, baDinh],
  ])('refuses a reallocation %s', (_label, source, destination) => {
    givenAccount(source, [receivedFrom(nation, 100n, 'tr-0')])
      .when(reallocate(source, destination, 1n), context)
      .thenRefused('REALLOCATION_NOT_SIDEWAYS', { sourceLocalityId: source.localityId, destinationLocalityId: destination.localityId });
  });

  it('refuses a reallocation to the account itself', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')]).when(reallocate(dienBienPhu, dienBienPhu, 1n), context).thenRefused('SAME_ACCOUNT');
  });

  it('refuses a reallocation that changes the funding line', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, key({ localityId: '096', budgetSource: 'NSDP' }), 1n), context)
      .thenRefused('BUDGET_SOURCE_MISMATCH', { field: 'budgetSource' });
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, key({ localityId: '096', programCode: 'GNBV' }), 1n), context)
      .thenRefused('PROGRAM_MISMATCH', { field: 'programCode' });
  });

  it('refuses more than is available, from an account that never received money, or an invalid amount', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, muongNhe, 101n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '100', requestedVnd: '101' });
    givenAccount(dienBienPhu).when(reallocate(dienBienPhu, muongNhe, 1n), context).thenRefused('ACCOUNT_NOT_FOUND');
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')]).when(reallocate(dienBienPhu, muongNhe, 0n), context).thenRefused('INVALID_AMOUNT');
  });

  it('refuses a destination at an unknown locality', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 100n, 'tr-0')])
      .when(reallocate(dienBienPhu, key({ localityId: '095' }), 1n), context)
      .thenRefused('UNKNOWN_LOCALITY', { localityId: '095' });
  });
});
