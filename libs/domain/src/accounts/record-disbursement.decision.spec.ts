import { amountVndMax } from '../money';
import { givenAccount } from '../../testing/decider-specification';
import {
  registry,
  today,
  context,
  key,
  dienBien,
  dienBienPhu,
  receivedFrom,
  disbursed,
  reversed,
  extended,
  disburse,
} from '../../testing/account-spec-builders';

describe('RecordDisbursement', () => {
  const funded = [receivedFrom(dienBien, 1_000n, 'tr-0')];

  it('records a payment through the State Treasury', () => {
    const after = givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 400n, '2024-06-01', 'KB-2024-000123', 'd-42'), context)
      .then([{ type: 'FundsDisbursed', data: { disbursementId: 'd-42', amountVnd: 400n, voucherRef: 'KB-2024-000123', disbursedOn: '2024-06-01' } }]);
    expect(after.disbursedVnd).toBe(400n);
    expect(after.availableVnd).toBe(600n);
    expect(after.disbursements.get('d-42')).toEqual({ amountVnd: 400n, voucherRef: 'KB-2024-000123', disbursedOn: '2024-06-01', reversed: false });
  });

  it('records a payment on the first day of the plan year and on today', () => {
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 1n, '2024-01-01'), context).then([disbursed('d-1', 1n, 'KB-0001', '2024-01-01')]);
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 1n, today), context).then([disbursed('d-1', 1n, 'KB-0001', today)]);
  });

  it('records investment money paid on the deadline day, 31 January of the next year', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1_000n, '2025-01-31'), { registry, today: '2025-02-10' })
      .then([disbursed('d-1', 1_000n, 'KB-0001', '2025-01-31')]);
  });

  it('refuses investment money paid the day after the deadline', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2025-02-01'), { registry, today: '2025-02-10' })
      .thenRefused('DISBURSEMENT_AFTER_DEADLINE', { deadline: '2025-01-31', disbursedOn: '2025-02-01' });
  });

  it('lets recurrent money be paid until 31 December of the plan year and no later', () => {
    const recurrent = key({ localityId: '094', capitalType: 'SN' });
    const later = { registry, today: '2025-03-01' };
    givenAccount(recurrent, funded).when(disburse(recurrent, 1n, '2024-12-31'), later).then([disbursed('d-1', 1n, 'KB-0001', '2024-12-31')]);
    givenAccount(recurrent, funded)
      .when(disburse(recurrent, 1n, '2025-01-01'), later)
      .thenRefused('DISBURSEMENT_AFTER_DEADLINE', { deadline: '2024-12-31', disbursedOn: '2025-01-01' });
  });

  it('accepts a payment after the normal deadline once an extension allows it, up to the new deadline', () => {
    const extendedHistory = [...funded, extended('2025-01-31', '2025-12-31')];
    const later = { registry, today: '2026-02-01' };
    givenAccount(dienBienPhu, extendedHistory).when(disburse(dienBienPhu, 1n, '2025-07-15'), later).then([disbursed('d-1', 1n, 'KB-0001', '2025-07-15')]);
    givenAccount(dienBienPhu, extendedHistory).when(disburse(dienBienPhu, 1n, '2025-12-31'), later).then([disbursed('d-1', 1n, 'KB-0001', '2025-12-31')]);
    givenAccount(dienBienPhu, extendedHistory)
      .when(disburse(dienBienPhu, 1n, '2026-01-01'), later)
      .thenRefused('DISBURSEMENT_AFTER_DEADLINE', { deadline: '2025-12-31', disbursedOn: '2026-01-01' });
  });

  it('refuses a payment dated before the plan year began', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2023-12-31'), context)
      .thenRefused('DISBURSEMENT_BEFORE_PLAN_YEAR', { planYearStart: '2024-01-01', disbursedOn: '2023-12-31' });
  });

  it('refuses a payment dated in the future', () => {
    givenAccount(dienBienPhu, funded)
      .when(disburse(dienBienPhu, 1n, '2024-06-16'), context)
      .thenRefused('DISBURSEMENT_DATE_IN_FUTURE', { disbursedOn: '2024-06-16', today: '2024-06-15' });
  });

  it('refuses a treasury voucher already recorded on the account', () => {
    givenAccount(dienBienPhu, [...funded, disbursed('d-1', 10n, 'KB-7')])
      .when(disburse(dienBienPhu, 10n, '2024-06-02', 'KB-7', 'd-2'), context)
      .thenRefused('DUPLICATE_VOUCHER', { voucherRef: 'KB-7', accountId: 'DTTS.2024.094.DTPT.NSTW._', disbursementId: 'd-1' });
  });

  it('refuses a voucher once paid even after its disbursement was reversed: the Treasury issues a new one', () => {
    givenAccount(dienBienPhu, [...funded, disbursed('d-1', 10n, 'KB-7'), reversed('d-1', 10n)])
      .when(disburse(dienBienPhu, 10n, '2024-06-02', 'KB-7', 'd-2'), context)
      .thenRefused('DUPLICATE_VOUCHER', { disbursementId: 'd-1' });
  });

  it.each(['KB-7 ', ' kb-7', 'Kb-7', 'KB\u200b-7', 'ＫＢ－７', 'KB-\u00ad7'])('sees %j as the voucher KB-7', (spelling) => {
    const written = JSON.parse(`"${spelling}"`) as string;
    givenAccount(dienBienPhu, [...funded, disbursed('d-1', 10n, 'KB-7')])
      .when(disburse(dienBienPhu, 10n, '2024-06-02', written, 'd-2'), context)
      .thenRefused('DUPLICATE_VOUCHER', { voucherRef: 'KB-7' });
  });

  it('records the voucher in its normalised form, and folds old events that were not', () => {
    const after = givenAccount(dienBienPhu, [...funded, disbursed('d-1', 10n, 'kb-1 ')])
      .when(disburse(dienBienPhu, 10n, '2024-06-02', '  kb\u200b-2 ', 'd-2'), context)
      .then([disbursed('d-2', 10n, 'KB-2', '2024-06-02')]);
    expect([...after.vouchers]).toEqual([
      ['KB-1', 'd-1'],
      ['KB-2', 'd-2'],
    ]);
  });

  it('refuses a voucher reference that is empty once invisible characters are removed', () => {
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 10n, '2024-06-02', '\u200b \u200d'), context).thenRefused('VOUCHER_REF_EMPTY');
  });

  it('refuses more than is available', () => {
    givenAccount(dienBienPhu, [...funded, disbursed('d-1', 900n, 'KB-1')])
      .when(disburse(dienBienPhu, 101n, '2024-06-02', 'KB-2', 'd-2'), context)
      .thenRefused('INSUFFICIENT_FUNDS', { availableVnd: '100', requestedVnd: '101', shortfallVnd: '1' });
  });

  it('refuses an account that never received money, an unknown locality and an invalid amount', () => {
    givenAccount(dienBienPhu).when(disburse(dienBienPhu, 1n), context).thenRefused('ACCOUNT_NOT_FOUND', { accountId: 'DTTS.2024.094.DTPT.NSTW._' });
    const unknown = key({ localityId: '03128' });
    givenAccount(unknown, funded).when(disburse(unknown, 1n), context).thenRefused('UNKNOWN_LOCALITY', { localityId: '03128' });
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, 0n), context).thenRefused('INVALID_AMOUNT');
    givenAccount(dienBienPhu, funded).when(disburse(dienBienPhu, amountVndMax + 1n), context).thenRefused('INVALID_AMOUNT');
  });
});
