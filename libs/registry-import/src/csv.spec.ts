import { parseCsv } from './csv';

const fieldsOf = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it('splits plain fields and records, LF or CRLF, without an empty record after the final line break', () => {
    expect(fieldsOf('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fieldsOf('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including trailing ones', () => {
    expect(fieldsOf('x,,,\n')).toEqual([['x', '', '', '']]);
    expect(fieldsOf('a,""\n')).toEqual([['a', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and embedded line breaks', () => {
    expect(fieldsOf('"Tỉnh, thành phố","say ""hi""","line one\nline two",end\n')).toEqual([['Tỉnh, thành phố', 'say "hi"', 'line one\nline two', 'end']]);
    expect(fieldsOf('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  it('reports the line on which each record starts, counting line breaks inside quotes', () => {
    expect(parseCsv('h\n"x\ny",1\nz,2\n').map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it('treats a blank line as a record with one empty field', () => {
    expect(fieldsOf('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it('refuses a quoted field that is never closed, naming the line where it opens', () => {
    expect(() => parseCsv('a,b\n1,"open\n\n')).toThrow('CSV line 2: quoted field is not closed');
  });

  it('refuses text after a closing quote and a quote inside an unquoted field', () => {
    expect(() => parseCsv('"ab"c,d\n')).toThrow('CSV line 1: unexpected character "c" after a closing quote');
    expect(() => parseCsv('ok\nab"c\n')).toThrow('CSV line 2: a quote inside an unquoted field');
  });
});
