import { balanceVndMax } from '../account.state';
import { givenAccount } from '../../testing/decider-specification';
import { context, nation, dienBien, dienBienPhu, assigned, receivedFrom, disbursed, reversed, reverse } from '../../testing/account-spec-builders';

describe('ReverseDisbursement', () => {
  const history = [receivedFrom(dienBien, 1_000n, 'tr-0'), disbursed('d-1', 400n, 'KB-1')];

  it('reverses a disbursement for its original amount, making the money available again', () => {
    const after = givenAccount(dienBienPhu, history)
      .when(reverse(dienBienPhu, 'd-1', 'kho bạc từ chối chứng từ'), context)
      .then([{ type: 'DisbursementReversed', data: { disbursementId: 'd-1', amountVnd: 400n, reason: 'kho bạc từ chối chứng từ' } }]);
    expect(after.reversedVnd).toBe(400n);
    expect(after.disbursedVnd).toBe(400n);
    expect(after.availableVnd).toBe(1_000n);
    expect(after.disbursements.get('d-1')?.reversed).toBe(true);
    // The voucher stays used: a reversal never lets it pay again.
    expect([...after.vouchers]).toEqual([['KB-1', 'd-1']]);
  });

  it('refuses a disbursement the account does not have', () => {
    givenAccount(dienBienPhu, history).when(reverse(dienBienPhu, 'd-9'), context).thenRefused('UNKNOWN_DISBURSEMENT', { disbursementId: 'd-9' });
    givenAccount(dienBienPhu).when(reverse(dienBienPhu, 'd-1'), context).thenRefused('UNKNOWN_DISBURSEMENT');
  });

  it('refuses to reverse a disbursement twice', () => {
    givenAccount(dienBienPhu, [...history, reversed('d-1', 400n)])
      .when(reverse(dienBienPhu, 'd-1'), context)
      .thenRefused('DISBURSEMENT_ALREADY_REVERSED', { disbursementId: 'd-1', amountVnd: '400' });
  });

  it('refuses a reversal that would take the account’s credits past the balance limit', () => {
    // Without this limit, repeated disburse/reverse cycles would grow the disbursed figure past int64.
    givenAccount(nation, [assigned(balanceVndMax), disbursed('d-1', 5n, 'KB-1')])
      .when(reverse(nation, 'd-1'), context)
      .thenRefused('BALANCE_LIMIT_EXCEEDED', { receivedVnd: balanceVndMax.toString(), requestedVnd: '5' });
  });
});
