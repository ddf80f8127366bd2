import fc from 'fast-check';
import { clientCommandIdPattern, isLedgerCommandId, ledgerCommandId } from './command-ids';

describe('command id namespaces', () => {
  it("names the ledger's own commands outside the client alphabet", () => {
    const id = ledgerCommandId('transfer-credit', '0190a1b2-0000-7000-8000-000000000001');
    expect(id).toBe('ledger/transfer-credit/0190a1b2-0000-7000-8000-000000000001');
    expect(isLedgerCommandId(id)).toBe(true);
    expect(clientCommandIdPattern.test(id)).toBe(false);
  });

  it('no id a client may send is one of the ledger’s', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), (text) => {
        if (clientCommandIdPattern.test(text)) expect(isLedgerCommandId(text)).toBe(false);
      }),
    );
    // The form the process manager used before the namespaces were split is an ordinary client id now.
    expect(clientCommandIdPattern.test('transfer-credit:0190a1b2-0000-7000-8000-000000000001')).toBe(true);
    expect(isLedgerCommandId('transfer-credit:0190a1b2-0000-7000-8000-000000000001')).toBe(false);
  });
});
