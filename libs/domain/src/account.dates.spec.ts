import { givenAccount } from '../testing/decider-specification';
import { assign, context, dienBien, dienBienPhu, disburse, nation, receivedFrom, allocate } from '../testing/account-spec-builders';
import { daysBetween, defaultLedgerPolicy, lateEntryDays } from './ledger-policy';

describe('dates every command keeps', () => {
  const funded = [receivedFrom(dienBien, 1_000n, 'tr-0')];
  const today = context.today; // 2024-06-15

  it('counts days between calendar dates, across months and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-06-15', '2024-06-15')).toBe(0);
    expect(daysBetween('2024-06-15', '2024-05-16')).toBe(-30);
    expect(lateEntryDays('2024-05-16', today, defaultLedgerPolicy)).toBe(0);
    expect(lateEntryDays('2024-05-15', today, defaultLedgerPolicy)).toBe(31);
  });

  it('takes an entry back-dated within the window without a decision', () => {
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 1n, '2024-05-16'), { ...context, decisionRef: null }).then([
      { type: 'FundsDisbursed', data: { disbursementId: 'd-1', amountVnd: 1n, voucherRef: 'KB-0001', disbursedOn: '2024-05-16' } },
    ]);
  });

  it('refuses an entry back-dated beyond the window unless it cites a decision', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2024-05-15'), { ...context, decisionRef: null })
      .thenRefused('LATE_ENTRY_NEEDS_DECISION', { effectiveDate: '2024-05-15', today, daysLate: 31, backdatingWindowDays: 30 });
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 1n, '2024-05-15'), { ...context, decisionRef: '45/QĐ-UBND' }).then([
      { type: 'FundsDisbursed', data: { disbursementId: 'd-1', amountVnd: 1n, voucherRef: 'KB-0001', disbursedOn: '2024-05-15' } },
    ]);
    givenAccount(nation)
      .when(assign(nation, 5n), { ...context, decisionRef: null, effectiveDate: '2024-01-05' })
      .thenRefused('LATE_ENTRY_NEEDS_DECISION', { effectiveDate: '2024-01-05' });
  });

  it('refuses an effective date after today', () => {
    givenAccount(nation).when(assign(nation, 5n), { ...context, effectiveDate: '2024-06-16' }).thenRefused('EFFECTIVE_DATE_IN_FUTURE', { effectiveDate: '2024-06-16', today });
    givenAccount(dienBien, funded).when(allocate(dienBien, dienBienPhu, 1n), { ...context, effectiveDate: '2024-06-15' }).then([
      { type: 'FundsAllocated', data: { transferId: 'tr-1', toAccountId: 'DTTS.2024.094.DTPT.NSTW._', amountVnd: 1n } },
    ]);
  });
});
