import fc from 'fast-check';
import { jsonDepthMax, parseStrictJson, reservedKeys, StrictInputError, textProblem } from './strict-json';

function problemOf(text: string | Buffer): { problem: string; field: string } | undefined {
  try {
    parseStrictJson(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    return undefined;
  } catch (error) {
    if (!(error instanceof StrictInputError)) throw error;
    return { problem: error.problem, field: error.field };
  }
}

describe('strict JSON bodies', () => {
  it('reads ordinary bodies exactly as JSON.parse does', () => {
    const body = { commandId: 'c-1', amountVnd: '2500000000', voucherRef: 'KBNN-096-000123', nested: { list: [1, 'Điện Biên', null, true] } };
    expect(parseStrictJson(Buffer.from(JSON.stringify(body)))).toEqual(body);
  });

  it('refuses a key given twice, at any depth, naming it — also when one spelling escapes it', () => {
    expect(problemOf('{"commandId":"a","amountVnd":"1","commandId":"b"}')).toEqual({ problem: 'DUPLICATE_FIELD', field: 'commandId' });
    expect(problemOf('{"components":[{"code":"DA1","code":"DA2"}]}')).toEqual({ problem: 'DUPLICATE_FIELD', field: 'components.0.code' });
    expect(problemOf('{"commandId":"a","\\u0063ommandId":"b"}')).toEqual({ problem: 'DUPLICATE_FIELD', field: 'commandId' });
    // The same key in sibling objects is no duplicate.
    expect(problemOf('{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]}')).toBeUndefined();
  });

  it.each([...reservedKeys])('refuses the reserved key %s', (key) => {
    expect(problemOf(`{"amountVnd":"1","${key}":{}}`)).toEqual({ problem: 'RESERVED_FIELD_NAME', field: key });
  });

  it('refuses nesting past the limit, and accepts it at the limit', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(problemOf(nested(jsonDepthMax))).toBeUndefined();
    expect(problemOf(nested(jsonDepthMax + 1))?.problem).toBe('JSON_TOO_DEEP');
    expect(problemOf(`{"a":${'{"a":'.repeat(1_500)}1${'}'.repeat(1_501)}`)?.problem).toBe('JSON_TOO_DEEP');
  });

  it('refuses bytes that are not UTF-8 instead of replacing them', () => {
    expect(problemOf(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).toEqual({ problem: 'BODY_NOT_UTF8', field: '' });
    // A surrogate encoded as if it were a character (CESU-8) is not UTF-8 either.
    expect(problemOf(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]))).toEqual({ problem: 'BODY_NOT_UTF8', field: '' });
  });

  it('reads past a byte-order mark that opens the body, and refuses one inside a text', () => {
    const mark = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(parseStrictJson(Buffer.concat([mark, Buffer.from('{"a":"b"}')]))).toEqual({ a: 'b' });
    expect(problemOf(Buffer.concat([Buffer.from('{"a":"'), mark, Buffer.from('b"}')]))).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'a' });
  });

  it('refuses control characters and lone surrogates in every text, naming the field', () => {
    expect(problemOf('{"voucherRef":"KBNN\\u0000-1"}')).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'voucherRef' });
    expect(problemOf('{"reason":"line\\nbreak"}')).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'reason' });
    expect(problemOf('{"reason":"\\ud800"}')).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'reason' });
    expect(problemOf('{"components":[{"name":"ok"},{"name":"bad\\u0085"}]}')).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'components.1.name' });
    expect(problemOf('{"k\\u0007":"v"}')?.problem).toBe('TEXT_NOT_ALLOWED');
    expect(textProblem('Nguyễn Văn A — 🇻🇳')).toBeUndefined();
  });

  it('refuses the characters JSON lets stand unescaped, in values and keys, and leaves unescaped C0 to JSON itself', () => {
    expect(problemOf('{"voucherRef":"KBNN\u0085-1"}')).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'voucherRef' });
    expect(problemOf(`{"a":[{"b":"x\u{feff}y"}]}`)).toEqual({ problem: 'TEXT_NOT_ALLOWED', field: 'a.0.b' });
    expect(problemOf(`{"k\u{7f}":"v"}`)?.problem).toBe('TEXT_NOT_ALLOWED');
    expect(problemOf(`{"reason":"tab\there"}`)?.problem).toBe('MALFORMED_REQUEST');
  });

  it('refuses malformed JSON', () => {
    for (const text of ['', '{', '{"a":1,}', "{'a':1}", '{"a":"unterminated}', 'NaN']) expect(problemOf(text)?.problem).toBe('MALFORMED_REQUEST');
  });

  it('agrees with JSON.parse on every value it accepts, and refuses only for a reason it names', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        const problem = problemOf(text);
        if (problem === undefined) expect(parseStrictJson(Buffer.from(text))).toEqual(JSON.parse(text));
        else expect(['RESERVED_FIELD_NAME', 'TEXT_NOT_ALLOWED']).toContain(problem.problem);
      }),
      { numRuns: 500 },
    );
  });
});
