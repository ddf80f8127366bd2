import { csvField, toCsv, utf8ByteOrderMark } from './csv-writer';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and leaves plain text and numbers alone', () => {
    expect(csvField('Điện Biên')).toBe('Điện Biên');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('2500000000')).toBe('2500000000');
    expect(csvField(null)).toBe('');
  });

  it.each(['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('writes %j as text a spreadsheet will not run', (text) => {
    const cell = csvField(text);
    expect(cell.startsWith(`"'`)).toBe(true);
    expect(cell.endsWith('"')).toBe(true);
    expect(cell.slice(2, -1).replace(/""/g, '"')).toBe(text);
  });

  it('starts the file with a byte-order mark and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [['=1', 2]])).toBe(`${utf8ByteOrderMark}a,b\r\n"'=1",2\r\n`);
  });
});
