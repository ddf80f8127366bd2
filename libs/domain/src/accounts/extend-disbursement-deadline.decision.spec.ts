import { givenAccount } from '../../testing/decider-specification';
import { defaultLedgerPolicy } from '../ledger-policy';
import { context, key, dienBien, dienBienPhu, receivedFrom, extended, extend } from '../../testing/account-spec-builders';

describe('ExtendDisbursementDeadline', () => {
  const funded = [receivedFrom(dienBien, 1_000n, 'tr-0')];

  it('moves the deadline later than the default, naming the deadline it replaces', () => {
    const after = givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2025-12-31'), context)
      .then([{ type: 'DisbursementDeadlineExtended', data: { previousDeadline: '2025-01-31', newDeadline: '2025-12-31' } }]);
    expect(after.deadline).toBe('2025-12-31');
  });

  it('extends an extension, under a special resolution of the National Assembly beyond the ordinary limit', () => {
    givenAccount(dienBienPhu, [...funded, extended('2025-01-31', '2025-06-30')])
      .when(extend(dienBienPhu, '2025-12-31'), context)
      .then([extended('2025-06-30', '2025-12-31')]);
    givenAccount(dienBienPhu, [...funded, extended('2025-01-31', '2025-12-31')])
      .when(extend(dienBienPhu, '2026-12-31', true), context)
      .then([extended('2025-12-31', '2026-12-31')]);
  });

  it('refuses an extension past what the law allows: 31 December of the year after the plan year, or the special limit', () => {
    givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2026-01-01'), context)
      .thenRefused('EXTENSION_BEYOND_LEGAL_LIMIT', { maximumDeadline: '2025-12-31', requestedDeadline: '2026-01-01', specialResolution: false });
    givenAccount(dienBienPhu, funded).when(extend(dienBienPhu, '2100-12-31'), context).thenRefused('EXTENSION_BEYOND_LEGAL_LIMIT');
    givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2028-01-01', true), context)
      .thenRefused('EXTENSION_BEYOND_LEGAL_LIMIT', { maximumDeadline: '2027-12-31', specialResolution: true });
    // The limits are the deployment's: a stricter policy refuses what the default allows.
    givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2025-12-31'), { ...context, policy: { ...defaultLedgerPolicy, backdatingWindowDays: 30, extensionYearsMax: { DTPT: 0, SN: 0 }, specialResolutionExtensionYearsMax: 1 } })
      .thenRefused('EXTENSION_BEYOND_LEGAL_LIMIT', { maximumDeadline: '2024-12-31' });
  });

  it('refuses a deadline that is not later than the current one', () => {
    givenAccount(dienBienPhu, funded)
      .when(extend(dienBienPhu, '2025-01-31'), context)
      .thenRefused('DEADLINE_NOT_LATER', { currentDeadline: '2025-01-31', requestedDeadline: '2025-01-31' });
    givenAccount(dienBienPhu, funded).when(extend(dienBienPhu, '2024-12-31'), context).thenRefused('DEADLINE_NOT_LATER');
    givenAccount(dienBienPhu, [...funded, extended('2025-01-31', '2025-12-31')])
      .when(extend(dienBienPhu, '2025-06-30'), context)
      .thenRefused('DEADLINE_NOT_LATER', { currentDeadline: '2025-12-31', requestedDeadline: '2025-06-30' });
  });

  it('refuses an account that never received money or is unknown', () => {
    givenAccount(dienBienPhu).when(extend(dienBienPhu, '2025-12-31'), context).thenRefused('ACCOUNT_NOT_FOUND');
    const unknown = key({ programCode: 'CT135' });
    givenAccount(unknown, funded).when(extend(unknown, '2025-12-31'), context).thenRefused('UNKNOWN_PROGRAM');
  });
});
