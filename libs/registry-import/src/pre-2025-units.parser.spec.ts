import { parsePre2025Units } from './pre-2025-units.parser';

const ward = (code: string, fullName: string, districtCode: string) => ({
  Code: code,
  Name: fullName.replace(/^(Phường|Xã|Thị trấn) /, ''),
  NameEn: '',
  FullName: fullName,
  FullNameEn: '',
  CodeName: '',
  DistrictCode: districtCode,
});

const sample = () => [
  {
    Code: '11',
    Name: 'Điện Biên',
    NameEn: 'Dien Bien',
    FullName: 'Tỉnh Điện Biên',
    FullNameEn: 'Dien Bien Province',
    CodeName: 'dien_bien',
    District: [
      {
        Code: '094',
        Name: 'Điện Biên Phủ',
        NameEn: '',
        FullName: 'Thành phố Điện Biên Phủ',
        FullNameEn: '',
        CodeName: '',
        ProvinceCode: '11',
        Ward: [ward('03124', 'Phường Noong Bua', '094'), ward('03127', 'Phường Him Lam', '094')],
      },
      {
        Code: '095',
        Name: 'Mường Lay',
        NameEn: '',
        FullName: 'Thị xã Mường Lay',
        FullNameEn: '',
        CodeName: '',
        ProvinceCode: '11',
        Ward: [ward('03148', 'Phường Sông Đà', '095')],
      },
    ],
  },
  {
    Code: '31',
    Name: 'Hải Phòng',
    NameEn: '',
    FullName: 'Thành phố Hải Phòng',
    FullNameEn: '',
    CodeName: '',
    District: [{ Code: '318', Name: 'Bạch Long Vĩ', NameEn: '', FullName: 'Huyện Bạch Long Vĩ', FullNameEn: '', CodeName: '', ProvinceCode: '31', Ward: null }],
  },
];

const parse = (document: unknown) => parsePre2025Units(JSON.stringify(document));

describe('parsePre2025Units', () => {
  it('turns each unit into a registration with the official code as id, the full name and the pre-2025 validity', () => {
    const units = parse(sample());
    expect(units[0]).toEqual({ localityId: '11', code: '11', name: 'Tỉnh Điện Biên', level: 'province', parentId: 'VN', validFrom: null, validTo: '2025-06-30' });
    expect(units.find((unit) => unit.code === '094')).toEqual({
      localityId: '094',
      code: '094',
      name: 'Thành phố Điện Biên Phủ',
      level: 'district',
      parentId: '11',
      validFrom: null,
      validTo: '2025-06-30',
    });
    expect(units.find((unit) => unit.code === '03127')).toEqual({
      localityId: '03127',
      code: '03127',
      name: 'Phường Him Lam',
      level: 'commune',
      parentId: '094',
      validFrom: null,
      validTo: '2025-06-30',
    });
  });

  it('orders each province, then its districts, then their communes', () => {
    expect(parse(sample()).map((unit) => unit.localityId)).toEqual(['11', '094', '095', '03124', '03127', '03148', '31', '318']);
  });

  it('accepts a district whose "Ward" is null (an island district without communes)', () => {
    const units = parse(sample());
    expect(units.filter((unit) => unit.parentId === '318')).toEqual([]);
    expect(units.at(-1)).toMatchObject({ localityId: '318', name: 'Huyện Bạch Long Vĩ', level: 'district', parentId: '31' });
  });

  it('accepts an empty list and a leading byte-order mark', () => {
    expect(parsePre2025Units('[]')).toEqual([]);
    expect(parsePre2025Units(`\uFEFF${JSON.stringify(sample())}`)).toHaveLength(8);
  });

  it('refuses text that is not JSON, and JSON that is not an array', () => {
    expect(() => parsePre2025Units('[{"Code": "11",')).toThrow(/^pre-2025 units: the text is not valid JSON/);
    expect(() => parsePre2025Units('{"Code": "11"}')).toThrow('pre-2025 units: expected a JSON array of provinces at the top level');
  });

  it('names the province whose code is malformed', () => {
    const document = sample();
    document[1].Code = '3';
    expect(() => parse(document)).toThrow('pre-2025 units: province #2: "Code" must be a string of 2 digits, found "3"');
  });

  it('names the commune whose name is missing', () => {
    const document = sample();
    (document[0].District[0].Ward as Record<string, unknown>[])[1].FullName = '  ';
    expect(() => parse(document)).toThrow('pre-2025 units: province 11, district 094, commune 03127: "FullName" must be a non-empty string, found "  "');
  });

  it('refuses a district without a "District" array or "Ward" array or null', () => {
    const noDistricts = sample() as Record<string, unknown>[];
    delete noDistricts[0].District;
    expect(() => parse(noDistricts)).toThrow('pre-2025 units: province 11: "District" must be an array, found nothing');
    const badWards = sample();
    (badWards[0].District[1] as Record<string, unknown>).Ward = 'none';
    expect(() => parse(badWards)).toThrow('pre-2025 units: province 11, district 095: "Ward" must be an array, found "none"');
  });

  it('refuses a child whose back-reference names another parent', () => {
    const document = sample();
    document[0].District[1].ProvinceCode = '12';
    expect(() => parse(document)).toThrow('pre-2025 units: province 11, district 095: "ProvinceCode" must be "11" (its parent), found "12"');
    const wrongDistrict = sample();
    (wrongDistrict[0].District[0].Ward as Record<string, unknown>[])[0].DistrictCode = '095';
    expect(() => parse(wrongDistrict)).toThrow('pre-2025 units: province 11, district 094, commune 03124: "DistrictCode" must be "094" (its parent), found "095"');
  });

  it('refuses a code that appears twice', () => {
    const document = sample();
    (document[0].District[1].Ward as Record<string, unknown>[])[0].Code = '03127';
    expect(() => parse(document)).toThrow('pre-2025 units: province 11, district 095, commune 03127: code 03127 appears more than once');
  });

  it('refuses a record that is not an object', () => {
    const document = sample() as unknown[];
    document.push(null);
    expect(() => parse(document)).toThrow('pre-2025 units: province #3: expected an object');
  });
});
