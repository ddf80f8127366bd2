import fc from 'fast-check';
import { accountId, accountStreamId, budgetSources, capitalTypes, parseAccountId, parseAccountStreamId, sameFundingLine, type AccountKey } from './account-id';

const dienBienGeneral: AccountKey = { programCode: 'DTTS', planYear: 2024, localityId: '11', capitalType: 'DTPT', budgetSource: 'NSTW', componentCode: null };
const muongThanhComponent: AccountKey = { programCode: 'GNBV', planYear: 2026, localityId: '03334@2025', capitalType: 'SN', budgetSource: 'NSDP', componentCode: 'DA4' };

describe('account stream ids', () => {
  it('names a general account with `_` for the missing component', () => {
    expect(accountStreamId(dienBienGeneral)).toBe('account-DTTS.2024.11.DTPT.NSTW._');
    expect(accountId(dienBienGeneral)).toBe('DTTS.2024.11.DTPT.NSTW._');
  });

  it('names a component account, keeping a locality edition suffix', () => {
    expect(accountStreamId(muongThanhComponent)).toBe('account-GNBV.2026.03334@2025.SN.NSDP.DA4');
    expect(accountId(muongThanhComponent)).toBe('GNBV.2026.03334@2025.SN.NSDP.DA4');
  });

  it('parses both ids back into the key', () => {
    for (const key of [dienBienGeneral, muongThanhComponent]) {
      expect(parseAccountStreamId(accountStreamId(key))).toEqual(key);
      expect(parseAccountId(accountId(key))).toEqual(key);
    }
  });

  it('round-trips every valid key', () => {
    const code = fc.stringMatching(/^[A-Z0-9][A-Z0-9_]{0,31}$/);
    const key: fc.Arbitrary<AccountKey> = fc.record({
      programCode: code,
      planYear: fc.integer({ min: 2000, max: 2100 }),
      localityId: fc.stringMatching(/^[A-Za-z0-9]{1,12}(@[0-9]{4})?$/),
      capitalType: fc.constantFrom(...capitalTypes),
      budgetSource: fc.constantFrom(...budgetSources),
      componentCode: fc.option(code, { nil: null }),
    });
    fc.assert(
      fc.property(key, (account) => {
        const streamId = accountStreamId(account);
        // EventStoreDB's category is everything before the first dash: the id part must hold none.
        expect(streamId.indexOf('-')).toBe('account'.length);
        expect(parseAccountStreamId(streamId)).toEqual(account);
      }),
    );
  });

  it.each([
    ['no category', 'DTTS.2024.11.DTPT.NSTW._'],
    ['another category', 'accounts-DTTS.2024.11.DTPT.NSTW._'],
    ['a registry stream', 'registry-localities'],
    ['five parts', 'account-DTTS.2024.11.DTPT.NSTW'],
    ['seven parts', 'account-DTTS.2024.11.DTPT.NSTW._.X'],
    ['a lower-case program', 'account-dtts.2024.11.DTPT.NSTW._'],
    ['a program starting with an underscore', 'account-_DTTS.2024.11.DTPT.NSTW._'],
    ['a two-digit year', 'account-DTTS.24.11.DTPT.NSTW._'],
    ['a year before 2000', 'account-DTTS.1999.11.DTPT.NSTW._'],
    ['a year after 2100', 'account-DTTS.2101.11.DTPT.NSTW._'],
    ['a year with a letter', 'account-DTTS.20x4.11.DTPT.NSTW._'],
    ['an empty locality', 'account-DTTS.2024..DTPT.NSTW._'],
    ['a locality with a dash', 'account-DTTS.2024.a-b.DTPT.NSTW._'],
    ['a locality of thirteen characters', 'account-DTTS.2024.1234567890123.DTPT.NSTW._'],
    ['a malformed edition suffix', 'account-DTTS.2024.11@25.DTPT.NSTW._'],
    ['an unknown capital type', 'account-DTTS.2024.11.XDCB.NSTW._'],
    ['an unknown budget source', 'account-DTTS.2024.11.DTPT.NSNN._'],
    ['an empty component', 'account-DTTS.2024.11.DTPT.NSTW.'],
    ['a lower-case component', 'account-DTTS.2024.11.DTPT.NSTW.da1'],
  ])('refuses %s', (_label, streamId) => {
    expect(parseAccountStreamId(streamId)).toBeUndefined();
  });
});

describe('sameFundingLine', () => {
  it('ignores locality and component', () => {
    expect(sameFundingLine(dienBienGeneral, { ...dienBienGeneral, localityId: '03127', componentCode: 'DA1' })).toBe(true);
  });

  it.each([
    ['program', { programCode: 'NTM' }],
    ['plan year', { planYear: 2023 }],
    ['capital type', { capitalType: 'SN' }],
    ['budget source', { budgetSource: 'NSDP' }],
  ] as const)('tells accounts of another %s apart', (_label, change) => {
    expect(sameFundingLine(dienBienGeneral, { ...dienBienGeneral, ...change })).toBe(false);
  });
});
