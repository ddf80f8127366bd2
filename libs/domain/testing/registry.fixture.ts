/*
 * A small registry for the domain's tests: real codes and names of a few units (GSO list in force
 * until 30 June 2025) and the three national target programs of 2021–2025 with some of their
 * component projects. Codes and names are public facts.
 */
import { successionKindOfNote, type LocalityLevel, type RegistryEvent, type SuccessionKind } from '../src/registry.events';
import { nationLocalityId } from '../src/registry';

function locality(localityId: string, name: string, level: LocalityLevel, parentId: string): RegistryEvent {
  return { type: 'LocalityRegistered', data: { localityId, code: localityId, name, level, parentId, validFrom: null, validTo: '2025-06-30' } };
}

function program(programCode: string, name: string, decisionRef: string, components: readonly [string, string][]): RegistryEvent[] {
  return [
    { type: 'ProgramRegistered', data: { programCode, name, decisionRef, planYearFrom: 2021, planYearTo: 2025 } },
    ...components.map(([componentCode, componentName]): RegistryEvent => ({
      type: 'ComponentProjectRegistered',
      data: { programCode, componentCode, name: componentName },
    })),
  ];
}

export const fixtureLocalityIds = {
  nation: nationLocalityId,
  dienBien: '11',
  haNoi: '01',
  dienBienPhu: '094',
  muongNhe: '096',
  baDinh: '001',
  himLam: '03127',
  xaMuongNhe: '03160',
} as const;

export const registryFixtureEvents: readonly RegistryEvent[] = [
  locality('11', 'Tỉnh Điện Biên', 'province', nationLocalityId),
  locality('01', 'Thành phố Hà Nội', 'province', nationLocalityId),
  locality('094', 'Thành phố Điện Biên Phủ', 'district', '11'),
  locality('096', 'Huyện Mường Nhé', 'district', '11'),
  locality('001', 'Quận Ba Đình', 'district', '01'),
  locality('03127', 'Phường Him Lam', 'commune', '094'),
  locality('03160', 'Xã Mường Nhé', 'commune', '096'),
  ...program(
    'DTTS',
    'Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi',
    '1719/QĐ-TTg',
    Array.from({ length: 10 }, (_, index): [string, string] => [`DA${index + 1}`, `Dự án ${index + 1}`]),
  ),
  ...program('NTM', 'Xây dựng nông thôn mới', '263/QĐ-TTg', [
    ['ND1', 'Nội dung thành phần 1'],
    ['ND2', 'Nội dung thành phần 2'],
  ]),
  ...program('GNBV', 'Giảm nghèo bền vững', '90/QĐ-TTg', [
    ['DA1', 'Hỗ trợ đầu tư phát triển hạ tầng kinh tế - xã hội các huyện nghèo'],
    ['DA4', 'Phát triển giáo dục nghề nghiệp, việc làm bền vững'],
  ]),
];

function unit2025(code: string, name: string, level: LocalityLevel, parentId: string): RegistryEvent {
  return { type: 'LocalityRegistered', data: { localityId: `${code}@2025`, code, name, level, parentId, validFrom: '2025-07-01', validTo: null } };
}

function succeeded(predecessorId: string, successorId: string, kind: SuccessionKind, note: string | null): RegistryEvent {
  return { type: 'LocalitySucceeded', data: { predecessorId, successorId, kind, note } };
}

/**
 * The reorganisation of 1 July 2025 for the units above, from the official conversion table:
 * Điện Biên keeps its code (11@2025) and Him Lam ward's code 03127 now names the new Điện Biên Phủ
 * ward; Hà Nội's Cống Vị ward (00007, Ba Đình) was split between the new Ngọc Hà and Giảng Võ
 * wards. District successions are those the registry derives from their communes'.
 */
export const registryReformFixtureEvents: readonly RegistryEvent[] = [
  locality('00007', 'Phường Cống Vị', 'commune', '001'),
  unit2025('11', 'Tỉnh Điện Biên', 'province', nationLocalityId),
  unit2025('03127', 'Phường Điện Biên Phủ', 'commune', '11@2025'),
  unit2025('03160', 'Xã Mường Nhé', 'commune', '11@2025'),
  unit2025('01', 'Thành phố Hà Nội', 'province', nationLocalityId),
  unit2025('00008', 'Phường Ngọc Hà', 'commune', '01@2025'),
  unit2025('00025', 'Phường Giảng Võ', 'commune', '01@2025'),
  succeeded('03127', '03127@2025', 'whole', 'Nhập toàn bộ'),
  succeeded('03160', '03160@2025', 'whole', 'Nhập toàn bộ'),
  succeeded('00007', '00008@2025', successionKindOfNote('Nhập một phần'), 'Nhập một phần'),
  succeeded('00007', '00025@2025', successionKindOfNote('Nhập một phần'), 'Nhập một phần'),
  succeeded('094', '11@2025', 'whole', null),
  succeeded('096', '11@2025', 'whole', null),
  succeeded('001', '01@2025', 'whole', null),
  succeeded('11', '11@2025', 'unchanged', null),
  succeeded('01', '01@2025', 'unchanged', null),
];

/**
 * The national target program of 2026–2035 that merges the three (investment policy approved by
 * Resolution 257/2025/QH15), with two illustrative components.
 */
export const mergedProgramFixtureEvents: readonly RegistryEvent[] = [
  { type: 'ProgramRegistered', data: { programCode: 'MTQG', name: 'Nông thôn mới, giảm nghèo bền vững và phát triển vùng đồng bào DTTS và miền núi', decisionRef: '257/2025/QH15', planYearFrom: 2026, planYearTo: 2035 } },
  { type: 'ComponentProjectRegistered', data: { programCode: 'MTQG', componentCode: 'HT', name: 'Hạ tầng thiết yếu', planYearFrom: null, planYearTo: null } },
  { type: 'ComponentProjectRegistered', data: { programCode: 'MTQG', componentCode: 'SK', name: 'Sinh kế, giảm nghèo', planYearFrom: 2026, planYearTo: 2030 } },
  ...['DTTS', 'NTM', 'GNBV'].map((predecessorCode): RegistryEvent => ({ type: 'ProgramSucceeded', data: { predecessorCode, successorCode: 'MTQG' } })),
];
