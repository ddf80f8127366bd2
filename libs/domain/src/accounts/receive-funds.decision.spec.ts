import { balanceVndMax } from '../account.state';
import { givenAccount } from '../../testing/decider-specification';
import { context, nation, dienBien, dienBienPhu, muongNhe, receivedFrom, receive } from '../../testing/account-spec-builders';

describe('ReceiveFunds', () => {
  it('records the credit half of an allocation, opening the account and making the sender a funder', () => {
    const after = givenAccount(dienBienPhu)
      .when(receive(dienBienPhu, dienBien, 200n, 'tr-11-094'), context)
      .then([{ type: 'FundsReceived', data: { transferId: 'tr-11-094', fromAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 200n, transferKind: 'allocation' } }]);
    expect(after.opened).toBe(true);
    expect(after.receivedVnd).toBe(200n);
    expect(after.availableVnd).toBe(200n);
    expect([...after.fundingByAccount]).toEqual([['DTTS.2024.11.DTPT.NSTW._', 200n]]);
    expect([...after.receivedTransfers]).toEqual(['tr-11-094']);
  });

  it('records a reallocation and a return as credits that make no funder', () => {
    const afterReallocation = givenAccount(muongNhe)
      .when(receive(muongNhe, dienBienPhu, 50n, 'tr-r', 'reallocation'), context)
      .then([{ type: 'FundsReceived', data: { transferId: 'tr-r', fromAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 50n, transferKind: 'reallocation' } }]);
    expect(afterReallocation.fundingByAccount.size).toBe(0);
    const afterReturn = givenAccount(dienBien, [receivedFrom(nation, 500n, 'tr-0')])
      .when(receive(dienBien, dienBienPhu, 70n, 'tr-back', 'return'), context)
      .then([receivedFrom(dienBienPhu, 70n, 'tr-back', 'return')]);
    expect([...afterReturn.fundingByAccount]).toEqual([['DTTS.2024.VN.DTPT.NSTW._', 500n]]);
    expect(afterReturn.availableVnd).toBe(570n);
  });

  it('is a no-op for a transfer already credited, so the process manager can retry', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, 200n, 'tr-11-094')]).when(receive(dienBienPhu, dienBien, 200n, 'tr-11-094'), context).then([]);
  });

  it('refuses an invalid amount', () => {
    givenAccount(dienBienPhu).when(receive(dienBienPhu, dienBien, 0n, 'tr-x'), context).thenRefused('INVALID_AMOUNT', { amountVnd: '0' });
  });

  it('refuses a credit that would take the account past the balance limit', () => {
    givenAccount(dienBienPhu, [receivedFrom(dienBien, balanceVndMax, 'tr-0')])
      .when(receive(dienBienPhu, dienBien, 1n, 'tr-1'), context)
      .thenRefused('BALANCE_LIMIT_EXCEEDED', { receivedVnd: balanceVndMax.toString(), requestedVnd: '1' });
  });
});
