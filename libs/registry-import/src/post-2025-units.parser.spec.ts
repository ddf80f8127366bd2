import { parsePost2025Units } from './post-2025-units.parser';

const groupHeader = 'Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,';
const columnNames = '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,';

/** Rows in the shape of the official table, with its quirks: a section row, quoted line breaks, stray spaces. */
const sampleRows = [
  groupHeader,
  columnNames,
  'ĐIỆN BIÊN,,,,,,,,',
  'Tỉnh Điện Biên (11),Phường Điện Biên Phủ,03127,Phường Him Lam,03127,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),',
  'Tỉnh Điện Biên (11),Phường Điện Biên Phủ,03127,Phường Noong Bua,03124,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),',
  'Tỉnh Điện Biên (11),"Phường Mường Thanh\n",03136,Phường Mường Thanh,03136,"Nhập một phần\n",Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),',
  'THÀNH PHỐ HẢI PHÒNG  ,,,,,,,,',
  'Thành phố Hải Phòng (31),Đặc khu Bạch Long Vĩ,11948,,,Sắp xếp toàn bộ huyện Bạch Long Vĩ thành đặc khu Bạch Long Vĩ,Huyện Bạch Long Vĩ (318),Thành phố Hải Phòng (31),',
  'Thành phố Hải Phòng (31),"Xã  Hòa Khánh",11111,"Xã ""Cũ""",11110,  Giữ nguyên ,Huyện Mẫu (300),Thành phố Hải Phòng (31),',
  'Thành phố Hải Phòng (31),Xã Kim Đông,11112,Khu vực bãi bồi ven biển,,Nhập toàn bộ,Huyện Mẫu (300),Thành phố Hải Phòng (31),',
  'Thành phố Hải Phòng (31),Xã Kim Đông,11112,Xã Khác,11113,,Huyện Mẫu (300),Thành phố Hải Phòng (31),',
  '',
];
const sample = sampleRows.join('\n');

/**
 * Replaces one physical line of the sample (1-based, as in error messages). Lines 6–8 hold one
 * record with quoted line breaks; line 10 is the Bạch Long Vĩ row.
 */
const withLine = (lineNumber: number, text: string): string => {
  const lines = sample.split('\n');
  lines[lineNumber - 1] = text;
  return lines.join('\n');
};

describe('parsePost2025Units', () => {
  it('registers provinces (parent VN) then communes (parent the new province), with @2025 ids and validity from 2025-07-01', () => {
    const { units } = parsePost2025Units(sample);
    expect(units.map((unit) => unit.localityId)).toEqual(['11@2025', '31@2025', '03127@2025', '03136@2025', '11948@2025', '11111@2025', '11112@2025']);
    expect(units[0]).toEqual({ localityId: '11@2025', code: '11', name: 'Tỉnh Điện Biên', level: 'province', parentId: 'VN', validFrom: '2025-07-01', validTo: null });
    expect(units[2]).toEqual({
      localityId: '03127@2025',
      code: '03127',
      name: 'Phường Điện Biên Phủ',
      level: 'commune',
      parentId: '11@2025',
      validFrom: '2025-07-01',
      validTo: null,
    });
  });

  it('cleans names: a quoted trailing line break and doubled spaces are dropped', () => {
    const { units } = parsePost2025Units(sample);
    expect(units.find((unit) => unit.code === '03136')?.name).toBe('Phường Mường Thanh');
    expect(units.find((unit) => unit.code === '11111')?.name).toBe('Xã Hòa Khánh');
  });

  it('records one succession per row from the old commune (pre-2025 id) to the new one, with the trimmed note', () => {
    const { successions } = parsePost2025Units(sample);
    expect(successions).toEqual([
      { predecessorId: '03127', successorId: '03127@2025', kind: 'whole', note: 'Nhập toàn bộ' },
      { predecessorId: '03124', successorId: '03127@2025', kind: 'whole', note: 'Nhập toàn bộ' },
      { predecessorId: '03136', successorId: '03136@2025', kind: 'part', note: 'Nhập một phần' },
      { predecessorId: '318', successorId: '11948@2025', kind: 'whole', note: 'Sắp xếp toàn bộ huyện Bạch Long Vĩ thành đặc khu Bạch Long Vĩ' },
      { predecessorId: '11110', successorId: '11111@2025', kind: 'unchanged', note: 'Giữ nguyên' },
      { predecessorId: '11113', successorId: '11112@2025', kind: 'part', note: null },
    ]);
  });

  it('takes the old district as predecessor when a row has no old commune, and records nothing for territory that was no unit', () => {
    const { successions } = parsePost2025Units(sample);
    expect(successions.filter((succession) => succession.successorId === '11948@2025').map((succession) => succession.predecessorId)).toEqual(['318']);
    expect(successions.filter((succession) => succession.successorId === '11112@2025').map((succession) => succession.predecessorId)).toEqual(['11113']);
  });

  it('keeps the first spelling when a commune is named differently on two rows', () => {
    const text = withLine(5, 'Tỉnh Điện Biên (11),Phường Điện Biên Phủ mới,03127,Phường Noong Bua,03124,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),');
    expect(parsePost2025Units(text).units.find((unit) => unit.code === '03127')?.name).toBe('Phường Điện Biên Phủ');
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const { units, successions } = parsePost2025Units(`\uFEFF${sampleRows.join('\r\n')}`);
    expect(units).toHaveLength(7);
    expect(successions).toHaveLength(6);
  });

  it('refuses a file without the expected column names', () => {
    expect(() => parsePost2025Units(`${groupHeader}\nTỉnh,Tên,Mã\n`)).toThrow(/^post-2025 units: the column names row \(Tỉnh, thành phố \| Tên Xã mới/);
  });

  it('refuses a row with too few columns, naming its line', () => {
    expect(() => parsePost2025Units(withLine(5, 'Tỉnh Điện Biên (11),Phường X,03139'))).toThrow('post-2025 units: line 5: expected 8 columns, found 3');
  });

  it('counts lines from the start of the file, including line breaks inside quotes', () => {
    expect(() => parsePost2025Units(withLine(10, 'Thành phố Hải Phòng (31),Xã Y,1111,Xã Z,11110,,Huyện Mẫu (300),Thành phố Hải Phòng (31),'))).toThrow(
      'post-2025 units: line 10: new commune code must be 5 digits, found "1111"',
    );
  });

  it('refuses a province without its code in parentheses', () => {
    expect(() => parsePost2025Units(withLine(4, 'Tỉnh Điện Biên,Phường X,03127,Phường Him Lam,03127,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),'))).toThrow(
      'post-2025 units: line 4: province must read "Name (NN)", found "Tỉnh Điện Biên"',
    );
  });

  it('refuses a malformed old commune code and a row without old commune or old district code', () => {
    expect(() => parsePost2025Units(withLine(4, 'Tỉnh Điện Biên (11),Phường X,03127,Phường Him Lam,3127,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),'))).toThrow(
      'post-2025 units: line 4: old commune code must be 5 digits, found "3127"',
    );
    expect(() => parsePost2025Units(withLine(4, 'Tỉnh Điện Biên (11),Phường X,03127,,,Nhập toàn bộ,Thành phố Điện Biên Phủ,Tỉnh Điện Biên (11),'))).toThrow(
      'post-2025 units: line 4: a row without an old commune must name the old district as "Name (NNN)", found "Thành phố Điện Biên Phủ"',
    );
  });

  it('refuses a new commune listed under two provinces, and a province code with two names', () => {
    expect(() => parsePost2025Units(withLine(5, 'Thành phố Hải Phòng (31),Phường Điện Biên Phủ,03127,Phường Noong Bua,03124,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),'))).toThrow(
      'post-2025 units: line 5: new commune 03127 is listed under province 31 here but 11 earlier',
    );
    expect(() => parsePost2025Units(withLine(5, 'Tỉnh Điện Biên Mới (11),Phường Điện Biên Phủ,03127,Phường Noong Bua,03124,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),'))).toThrow(
      'post-2025 units: line 5: province 11 is named "Tỉnh Điện Biên Mới" here but "Tỉnh Điện Biên" earlier',
    );
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parsePost2025Units(`${sample}Tỉnh Điện Biên (11),"Phường X,03127\n`)).toThrow('post-2025 units: CSV line 14: quoted field is not closed');
  });
});
