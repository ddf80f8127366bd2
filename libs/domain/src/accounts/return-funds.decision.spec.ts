import { accountId } from '../account-id';
import { givenAccount } from '../../testing/decider-specification';
import {
  context,
  key,
  nation,
  dienBien,
  dienBienPhu,
  muongNhe,
  himLam,
  assigned,
  receivedFrom,
  returnedTo,
  disbursed,
  returnFunds,
} from '../../testing/account-spec-builders';

describe('ReturnFunds', () => {
  const fundedByProvince = [receivedFrom(dienBien, 300n, 'tr-in')];

  it('returns money to the only account that funded this one when no target is named', () => {
    const after = givenAccount(dienBienPhu, fundedByProvince)
      .when(returnFunds(dienBienPhu, null, 100n, 'tr-back', 'không có nhu cầu sử dụng'), context)
      .then([
        {
          type: 'FundsReturned',
          data: { transferId: 'tr-back', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 100n, reason: 'không có nhu cầu sử dụng' },
        },
      ]);
    expect(after.returnedVnd).toBe(100n);
    expect(after.availableVnd).toBe(200n);
    expect(after.fundingByAccount.get(accountId(dienBien))).toBe(200n);
  });

  it('returns money to a named funder among several', () => {
    const twoFunders = [receivedFrom(dienBienPhu, 200n, 'tr-a'), receivedFrom(dienBien, 100n, 'tr-b')];
    givenAccount(himLam, twoFunders).when(returnFunds(himLam, dienBien, 50n), context).then([returnedTo(dienBien, 50n, 'tr-ret', 'nộp trả')]);
  });

  it('returns exactly what remains of a funder’s money after earlier returns', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, returnedTo(dienBien, 100n, 'tr-r1')])
      .when(returnFunds(dienBienPhu, null, 200n, 'tr-r2'), context)
      .then([returnedTo(dienBien, 200n, 'tr-r2', 'nộp trả')]);
  });

  it('refuses to guess when several accounts funded this one', () => {
    const refusal = givenAccount(himLam, [receivedFrom(dienBienPhu, 200n, 'tr-a'), receivedFrom(dienBien, 100n, 'tr-b')])
      .when(returnFunds(himLam, null, 50n), context)
      .thenRefused('RETURN_TARGET_AMBIGUOUS');
    expect(String(refusal.details.fundingAccountIds).split(',').sort()).toEqual(['DTTS.2024.094.DTPT.NSTW._', 'DTTS.2024.11.DTPT.NSTW._']);
  });

  it('no longer counts a funder that has been paid back in full as a candidate', () => {
    givenAccount(himLam, [receivedFrom(dienBienPhu, 200n, 'tr-a'), receivedFrom(dienBien, 100n, 'tr-b'), returnedTo(dienBien, 100n, 'tr-r')])
      .when(returnFunds(himLam, null, 50n, 'tr-r2'), context)
      .then([returnedTo(dienBienPhu, 50n, 'tr-r2', 'nộp trả')]);
  });

  it('refuses when the account was only ever assigned money, so there is no funder', () => {
    givenAccount(nation, [assigned(100n)])
      .when(returnFunds(nation, null, 1n), context)
      .thenRefused('NO_FUNDING_ACCOUNT', { accountId: 'DTTS.2024.VN.DTPT.NSTW._' });
  });

  it('refuses when the money came by reallocation or by return, which make no funder', () => {
    givenAccount(muongNhe, [receivedFrom(dienBienPhu, 100n, 'tr-0', 'reallocation')]).when(returnFunds(muongNhe, null, 1n), context).thenRefused('NO_FUNDING_ACCOUNT');
    givenAccount(dienBien, [receivedFrom(dienBienPhu, 100n, 'tr-0', 'return')]).when(returnFunds(dienBien, null, 1n), context).thenRefused('NO_FUNDING_ACCOUNT');
  });

  it('refuses when the only funder has been paid back in full', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, returnedTo(dienBien, 300n, 'tr-r1')]).when(returnFunds(dienBienPhu, null, 1n), context).thenRefused('NO_FUNDING_ACCOUNT');
  });

  it('refuses a named target that never funded this account', () => {
    givenAccount(dienBienPhu, fundedByProvince)
      .when(returnFunds(dienBienPhu, nation, 1n), context)
      .thenRefused('RETURN_TARGET_NOT_A_FUNDER', { toAccountId: 'DTTS.2024.VN.DTPT.NSTW._' });
    givenAccount(muongNhe, [receivedFrom(dienBienPhu, 100n, 'tr-0', 'reallocation')])
      .when(returnFunds(muongNhe, dienBienPhu, 1n), context)
      .thenRefused('RETURN_TARGET_NOT_A_FUNDER', { toAccountId: 'DTTS.2024.094.DTPT.NSTW._' });
  });

  it('refuses to return more than was received from that funder', () => {
    givenAccount(dienBienPhu, fundedByProvince)
      .when(returnFunds(dienBienPhu, null, 301n), context)
      .thenRefused('RETURN_EXCEEDS_FUNDING', { toAccountId: 'DTTS.2024.11.DTPT.NSTW._', fundedVnd: '300', requestedVnd: '301' });
  });

  it('refuses a return to a named funder already paid back in full', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, returnedTo(dienBien, 300n, 'tr-r1')])
      .when(returnFunds(dienBienPhu, dienBien, 1n), context)
      .thenRefused('RETURN_EXCEEDS_FUNDING', { fundedVnd: '0', requestedVnd: '1' });
  });

  it('refuses to return money already spent', () => {
    givenAccount(dienBienPhu, [...fundedByProvince, disbursed('d-1', 250n, 'KB-1')])
      .when(returnFunds(dienBienPhu, null, 100n), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '50', requestedVnd: '100', shortfallVnd: '50' });
  });

  it('refuses an invalid amount, an unknown account and an account that never received money', () => {
    givenAccount(dienBienPhu, fundedByProvince).when(returnFunds(dienBienPhu, null, 0n), context).thenRefused('INVALID_AMOUNT');
    givenAccount(dienBienPhu, fundedByProvince).when(returnFunds(dienBienPhu, null, -5n), context).thenRefused('INVALID_AMOUNT');
    const unknown = key({ localityId: '094', componentCode: 'DA0' });
    givenAccount(unknown, fundedByProvince).when(returnFunds(unknown, null, 1n), context).thenRefused('UNKNOWN_COMPONENT');
    givenAccount(dienBienPhu).when(returnFunds(dienBienPhu, null, 1n), context).thenRefused('ACCOUNT_NOT_FOUND');
  });
});
