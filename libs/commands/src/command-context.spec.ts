import { requestHash } from './command-context';

const account = { programCode: 'DTTS', planYear: 2024, localityId: '11', capitalType: 'DTPT', budgetSource: 'NSDP', componentCode: null };
const context = { decisionRef: 'QĐ-12/2024', effectiveDate: '2024-06-15' };
const disbursement = (amountVnd: bigint) => ({ account, amountVnd: amountVnd.toString(), voucherRef: 'KB-2024-000123', disbursedOn: '2024-06-15' });

describe('request hash', () => {
  it('is the hash stored command records already carry, so their retries stay recognised', () => {
    // Computed by the first release, which hashed the content with bigint amounts through a replacer.
    expect(requestHash('RecordDisbursement', disbursement(12_000_000_000_000_000n), context)).toBe('y5Uw0KjGnFMxRGhcYBMzDI0jtGQL4ZrLMUW_kyqTDIs');
  });

  it('tells a retry from a reuse of the command id', () => {
    const hash = requestHash('RecordDisbursement', disbursement(5n), context);
    expect(requestHash('RecordDisbursement', disbursement(5n), context)).toBe(hash);
    expect(requestHash('RecordDisbursement', disbursement(6n), context)).not.toBe(hash);
    expect(requestHash('ReverseDisbursement', disbursement(5n), context)).not.toBe(hash);
    expect(requestHash('RecordDisbursement', disbursement(5n), { ...context, effectiveDate: '2024-06-16' })).not.toBe(hash);
    expect(requestHash('RecordDisbursement', disbursement(5n), { ...context, decisionRef: null })).not.toBe(hash);
  });

  it('refuses content with a bigint left in it rather than hash it some other way', () => {
    expect(() => requestHash('AssignBudget', { account, amountVnd: 5n }, context)).toThrow(TypeError);
  });
});
