/*
 * A small registry for the domain's tests: real codes and names of a few units (GSO list in force
 * until 30 June 2025) and the three national target programs of 2021–2025 with some of their
 * component projects. Codes and names are public facts.
 */
import type { LocalityLevel, RegistryEvent } from '../src/registry.events';
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
