import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { eventHashInput } from './hash-link';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined members and writes amounts held as bigint as strings', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 12n }, e: undefined } as never)).toBe('{"a":{"c":"12","d":[true,null,"x"]},"b":1}');
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, A: 3, '€': 4 })).toBe('{"A":3,"z":2,"é":1,"€":4}');
  });

  it('refuses numbers without a JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('gives one text per value whatever the key order, and the text parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value as never);
        const reordered = JSON.parse(JSON.stringify(value), (_key, member: unknown) =>
          member !== null && typeof member === 'object' && !Array.isArray(member) ? Object.fromEntries(Object.entries(member).reverse()) : member,
        );
        expect(canonicalJson(reordered)).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('writes an event hash input equal to the canonical JSON of the same object, without the link', () => {
    const event = { streamId: 'account-DTTS.2024.11.DTPT.NSTW._', revision: 3n, id: 'e-1', type: 'BudgetAssigned', data: { amountVnd: '100' }, metadata: { z: 1, hashLink: { hash: 'x' }, a: 'ạ' } };
    expect(eventHashInput(event, 'ab')).toBe(
      canonicalJson({ data: event.data, eventId: 'e-1', metadata: { z: 1, a: 'ạ' }, previousHash: 'ab', revision: '3', streamId: event.streamId, type: 'BudgetAssigned', version: 1 }),
    );
  });
});
