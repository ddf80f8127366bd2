import { decodeEntryValue, encodeEntryValue, entryKeyText, parseEntryKey } from './account-history.fold';

describe('account history entries as stored', () => {
  it('writes a key and a voucher with a NUL, a lone surrogate or a colon escaped, and reads them back as they were', () => {
    for (const key of ['KBNN\u0000-1', 'KBNN-\ud800', 'a:b', 'quote"and\\slash', 'Kho bạc 096']) {
      const text = entryKeyText({ collection: 'vouchers', key });
      expect(text).not.toMatch(/[\u0000-\u001f]|[\ud800-\udfff]/);
      expect(parseEntryKey(text)).toEqual({ collection: 'vouchers', key });
      const value = encodeEntryValue('vouchers', key) as string;
      expect(value).not.toMatch(/\u0000|[\ud800-\udfff]/);
      expect(decodeEntryValue('vouchers', value)).toBe(key);
    }
  });

  it('refuses a key that names no collection', () => {
    expect(() => parseEntryKey('nothing:1')).toThrow('names no collection');
    expect(() => parseEntryKey('no colon')).toThrow('names no collection');
  });
});
