import fc from 'fast-check';
import { requestHash, stringifyContent } from './command-context';

/** What command records written so far were hashed over. */
function stringifyWithReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

const contentValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.bigInt(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('request hash', () => {
  it('writes content exactly as JSON.stringify with a bigint-to-string replacer does', () => {
    fc.assert(
      fc.property(contentValue, (value) => {
        expect(stringifyContent(value)).toBe(stringifyWithReplacer(value) ?? 'undefined');
      }),
      { numRuns: 500 },
    );
    const withDate = { on: new Date(Date.UTC(2024, 5, 15)), amountVnd: 12_000_000_000_000_000n, note: 'Tiền "tạm ứng"\n' };
    expect(stringifyContent(withDate)).toBe(stringifyWithReplacer(withDate));
  });

  it('tells a retry from a reuse of the command id', () => {
    const context = { decisionRef: 'QĐ-12/2024', effectiveDate: '2024-06-15' };
    const content = { accountId: 'a', amountVnd: 5n };
    expect(requestHash('RecordDisbursement', content, context)).toBe(requestHash('RecordDisbursement', { accountId: 'a', amountVnd: 5n }, context));
    expect(requestHash('RecordDisbursement', content, context)).not.toBe(requestHash('RecordDisbursement', { accountId: 'a', amountVnd: 6n }, context));
    expect(requestHash('RecordDisbursement', content, context)).not.toBe(requestHash('RecordDisbursement', content, { ...context, effectiveDate: '2024-06-16' }));
  });
});
