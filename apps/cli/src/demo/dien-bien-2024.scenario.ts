import type { AccountKey, BudgetSource, CapitalType } from '@ledger/domain';

/**
 * Điện Biên province (code 11), plan year 2024, in figures that follow the published ones: a
 * March 2024 steering-committee meeting reported a 2024 estimate of over 2,100 billion VND for the
 * three national target programs, over 1,300 billion of it development investment, and by
 * program over 729 billion (DTTS), 166 billion (NTM) and 433 billion (GNBV).
 *
 * Those figures do not add up on their own (729 + 166 + 433 = 1,328), so this scenario reads
 * the per-program figures as the central budget (NSTW) and makes up the rest of the 2,100 billion
 * with the province's counterpart budget (NSĐP) and policy credit (CSXH):
 *
 *   NSTW  1,329.9 bn = DTTS 729.6 + NTM 166.5 + GNBV 433.8   (investment 950.0, recurrent 379.9)
 *   NSĐP    390.0 bn investment counterpart                   (DTTS 200, NTM 130, GNBV 60)
 *   CSXH    385.0 bn policy credit, recurrent                 (DTTS 250, GNBV 135)
 *   total 2,104.9 bn, investment 1,340.0 bn
 *
 * Decision numbers are illustrative. The split among component projects and districts is the
 * scenario's own choice, weighted towards the poorest districts.
 */

const billion = 1_000_000_000n;

export interface FundingLine {
  readonly programCode: 'DTTS' | 'NTM' | 'GNBV';
  readonly capitalType: CapitalType;
  readonly budgetSource: BudgetSource;
  readonly amountVnd: bigint;
  /** Where the line's money enters the ledger: the nation for central money, the province otherwise. */
  readonly entersAt: 'VN' | '11';
  readonly decisionRef: string;
  /** Component projects the province allocates the line to, with their shares in per cent. */
  readonly components: readonly { readonly componentCode: string; readonly sharePercent: bigint }[];
}

export const provinceId = '11';
export const planYear = 2024;

export const fundingLines: readonly FundingLine[] = [
  { programCode: 'DTTS', capitalType: 'DTPT', budgetSource: 'NSTW', amountVnd: 520n * billion, entersAt: 'VN', decisionRef: '1603/QĐ-TTg', components: [{ componentCode: 'DA1', sharePercent: 30n }, { componentCode: 'DA4', sharePercent: 55n }, { componentCode: 'DA5', sharePercent: 15n }] },
  { programCode: 'DTTS', capitalType: 'SN', budgetSource: 'NSTW', amountVnd: 2096n * (billion / 10n), entersAt: 'VN', decisionRef: '1603/QĐ-TTg', components: [{ componentCode: 'DA3', sharePercent: 45n }, { componentCode: 'DA5', sharePercent: 35n }, { componentCode: 'DA10', sharePercent: 20n }] },
  { programCode: 'NTM', capitalType: 'DTPT', budgetSource: 'NSTW', amountVnd: 120n * billion, entersAt: 'VN', decisionRef: '1603/QĐ-TTg', components: [{ componentCode: 'ND02', sharePercent: 100n }] },
  { programCode: 'NTM', capitalType: 'SN', budgetSource: 'NSTW', amountVnd: 465n * (billion / 10n), entersAt: 'VN', decisionRef: '1603/QĐ-TTg', components: [{ componentCode: 'ND03', sharePercent: 60n }, { componentCode: 'ND06', sharePercent: 40n }] },
  { programCode: 'GNBV', capitalType: 'DTPT', budgetSource: 'NSTW', amountVnd: 310n * billion, entersAt: 'VN', decisionRef: '1603/QĐ-TTg', components: [{ componentCode: 'DA1', sharePercent: 100n }] },
  { programCode: 'GNBV', capitalType: 'SN', budgetSource: 'NSTW', amountVnd: 1238n * (billion / 10n), entersAt: 'VN', decisionRef: '1603/QĐ-TTg', components: [{ componentCode: 'DA2', sharePercent: 40n }, { componentCode: 'DA3', sharePercent: 35n }, { componentCode: 'DA4', sharePercent: 25n }] },
  { programCode: 'DTTS', capitalType: 'DTPT', budgetSource: 'NSDP', amountVnd: 200n * billion, entersAt: '11', decisionRef: '3188/QĐ-UBND', components: [{ componentCode: 'DA4', sharePercent: 100n }] },
  { programCode: 'NTM', capitalType: 'DTPT', budgetSource: 'NSDP', amountVnd: 130n * billion, entersAt: '11', decisionRef: '3188/QĐ-UBND', components: [{ componentCode: 'ND02', sharePercent: 100n }] },
  { programCode: 'GNBV', capitalType: 'DTPT', budgetSource: 'NSDP', amountVnd: 60n * billion, entersAt: '11', decisionRef: '3188/QĐ-UBND', components: [{ componentCode: 'DA1', sharePercent: 100n }] },
  { programCode: 'DTTS', capitalType: 'SN', budgetSource: 'CSXH', amountVnd: 250n * billion, entersAt: '11', decisionRef: '3189/QĐ-UBND', components: [{ componentCode: 'DA1', sharePercent: 100n }] },
  { programCode: 'GNBV', capitalType: 'SN', budgetSource: 'CSXH', amountVnd: 135n * billion, entersAt: '11', decisionRef: '3189/QĐ-UBND', components: [{ componentCode: 'DA4', sharePercent: 100n }] },
];

/** District weights (per mille of each component's money allocated to districts); poorer districts weigh more. */
export const districtWeights: readonly { readonly localityId: string; readonly name: string; readonly perMille: bigint }[] = [
  { localityId: '094', name: 'Điện Biên Phủ', perMille: 40n },
  { localityId: '095', name: 'Mường Lay', perMille: 30n },
  { localityId: '096', name: 'Mường Nhé', perMille: 140n },
  { localityId: '097', name: 'Mường Chà', perMille: 110n },
  { localityId: '098', name: 'Tủa Chùa', perMille: 110n },
  { localityId: '099', name: 'Tuần Giáo', perMille: 120n },
  { localityId: '100', name: 'Điện Biên', perMille: 110n },
  { localityId: '101', name: 'Điện Biên Đông', perMille: 120n },
  { localityId: '102', name: 'Mường Ảng', perMille: 80n },
  { localityId: '103', name: 'Nậm Pồ', perMille: 140n },
];

/**
 * The province allocates in detail 97% of each component's money to the districts and keeps the
 * rest for province-level tasks, so the detailed-allocation rate lands in the published 94–100% band.
 */
export const detailedAllocationPercent = 97n;

/** Each district disburses this share (per cent) of what it received, spread over the year. */
export const disbursedPercentByDistrict: Readonly<Record<string, bigint>> = {
  '094': 72n, '095': 55n, '096': 38n, '097': 46n, '098': 41n, '099': 52n, '100': 61n, '101': 44n, '102': 58n, '103': 35n,
};

/**
 * The months of 2024 in which districts pay, with the share (per mille) of each account's year
 * paid in each: slow in spring, quickening after mid-year and heaviest in the last quarter, the
 * shape of the published monthly reports (nationally about a fifth of the year's plan disbursed
 * by mid-year, most of it in the last months).
 */
export const monthlyTranches: readonly { readonly disbursedOn: string; readonly perMille: bigint }[] = [
  { disbursedOn: '2024-03-15', perMille: 30n },
  { disbursedOn: '2024-04-15', perMille: 50n },
  { disbursedOn: '2024-05-15', perMille: 60n },
  { disbursedOn: '2024-06-14', perMille: 80n },
  { disbursedOn: '2024-07-15', perMille: 80n },
  { disbursedOn: '2024-08-15', perMille: 90n },
  { disbursedOn: '2024-09-16', perMille: 110n },
  { disbursedOn: '2024-10-15', perMille: 120n },
  { disbursedOn: '2024-11-15', perMille: 150n },
  { disbursedOn: '2024-12-16', perMille: 230n },
];

/**
 * Money carried into 2025: the province extends to 31 December 2025 the investment capital of
 * the two districts that spent least on project DA4 (Resolution of the provincial People's
 * Council), and they pay part of what they still hold in 2025 — carried-over capital of 2024 in
 * the 2025 report.
 */
export const carriedInto2025 = {
  localityIds: ['103', '096'],
  componentCode: 'DA4',
  newDeadline: '2025-12-31',
  extendedOn: '2025-01-20',
  /** What each pays, and when: about two fifths of the roughly 25 billion each still held. */
  payments: [
    { localityId: '103', disbursedOn: '2025-03-14', amountVnd: 5n * billion },
    { localityId: '103', disbursedOn: '2025-05-15', amountVnd: 6n * billion },
    { localityId: '096', disbursedOn: '2025-03-14', amountVnd: 4n * billion },
    { localityId: '096', disbursedOn: '2025-05-15', amountVnd: 5n * billion },
  ],
} as const;

export function lineKey(line: FundingLine, localityId: string, componentCode: string | null): AccountKey {
  return { programCode: line.programCode, planYear, localityId, capitalType: line.capitalType, budgetSource: line.budgetSource, componentCode };
}
