import ExcelJS from 'exceljs';
import type { ProgressFiguresView } from '../progress/progress.view';
import type { LocalityProgressView, ProgressReportResponse, ProgressRowView } from './get-progress-report.dto';

/** Whole đồng with thousands separators (shown in the reader's own locale: 2.104.900.000.000 in Vietnamese). */
const dongFormat = '#,##0';
/** Billions of đồng with one decimal: 2.104,9 in Vietnamese. */
const billionFormat = '#,##0.0';
const rateFormat = '0.00%';
const billion = 1_000_000_000;

/** The Vietnamese names of the levels, for the sheets. */
const levelNames: Readonly<Record<string, string>> = { province: 'Tỉnh', district: 'Huyện', commune: 'Xã' };
const capitalNames: Readonly<Record<string, string>> = { 'current-year': 'Vốn năm nay', 'carried-over': 'Vốn năm trước chuyển sang' };

type Cell = string | number | null;
interface Column {
  readonly heading: string;
  readonly width: number;
  readonly format?: string;
}

/**
 * An amount as a spreadsheet number. Amounts of đồng are exact in a double up to 2^53 (some
 * 9 million billion đồng, far above any national plan); beyond that the workbook would round, so
 * the export refuses rather than show a wrong figure.
 */
function dong(text: string | null): number | null {
  if (text === null) return null;
  const value = BigInt(text);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${text} is too large for a spreadsheet number`);
  return Number(value);
}

function rate(percent: string | null): number | null {
  return percent === null ? null : Number(percent) / 100;
}

const figureColumns: readonly Column[] = [
  { heading: 'Kế hoạch vốn giao (đồng)', width: 20, format: dongFormat },
  { heading: 'Đã phân bổ chi tiết (đồng)', width: 20, format: dongFormat },
  { heading: 'Chưa phân bổ (đồng)', width: 20, format: dongFormat },
  { heading: 'Đã giải ngân (đồng)', width: 20, format: dongFormat },
  { heading: 'Trong đó: trong thời hạn (đồng)', width: 20, format: dongFormat },
  { heading: 'Trong đó: kéo dài (đồng)', width: 20, format: dongFormat },
  { heading: 'Còn lại (đồng)', width: 20, format: dongFormat },
  { heading: 'Đang chuyển đến (đồng)', width: 20, format: dongFormat },
  { heading: 'Kế hoạch vốn giao (tỷ đồng)', width: 14, format: billionFormat },
  { heading: 'Đã giải ngân (tỷ đồng)', width: 14, format: billionFormat },
  { heading: 'Tỷ lệ phân bổ chi tiết', width: 12, format: rateFormat },
  { heading: 'Tỷ lệ giải ngân so với kế hoạch giao', width: 14, format: rateFormat },
  { heading: 'Tỷ lệ giải ngân so với kế hoạch đã phân bổ', width: 14, format: rateFormat },
];

function figureCells(figures: ProgressFiguresView): Cell[] {
  const plan = dong(figures.planVnd);
  const disbursed = dong(figures.disbursedVnd);
  return [
    plan,
    dong(figures.detailedAllocatedVnd),
    dong(figures.notYetAllocatedVnd),
    disbursed,
    dong(figures.disbursedWithinTermVnd),
    dong(figures.disbursedUnderExtensionVnd),
    dong(figures.availableVnd),
    dong(figures.inTransitInVnd),
    plan === null ? null : plan / billion,
    disbursed === null ? null : disbursed / billion,
    rate(figures.detailedAllocationRatePercent),
    rate(figures.disbursementRateOfAssignedPlanPercent),
    rate(figures.disbursementRateOfAllocatedPlanPercent),
  ];
}

const rowColumns: readonly Column[] = [
  { heading: 'Mã đơn vị', width: 10 },
  { heading: 'Tên đơn vị', width: 28 },
  { heading: 'Chương trình', width: 10 },
  { heading: 'Loại vốn', width: 9 },
  { heading: 'Nguồn vốn', width: 10 },
  { heading: 'Vốn', width: 24 },
  { heading: 'Năm kế hoạch', width: 10 },
  ...figureColumns,
];

function rowCells(row: ProgressRowView): Cell[] {
  return [row.localityCode, row.localityName, row.programCode, row.capitalType, row.budgetSource ?? 'Tất cả', capitalNames[row.capital] ?? row.capital, row.planYear, ...figureCells(row.figures)];
}

const summaryColumns: readonly Column[] = [{ heading: 'Mã đơn vị', width: 10 }, { heading: 'Tên đơn vị', width: 28 }, { heading: 'Vốn', width: 28 }, ...figureColumns];

function summaryCells(entry: LocalityProgressView): Cell[][] {
  const { code, name } = entry.locality;
  return [
    [code, name, 'Vốn năm nay', ...figureCells(entry.currentYear)],
    [code, name, 'Vốn năm trước chuyển sang', ...figureCells(entry.carriedOver)],
    [code, name, 'Tổng cộng', ...figureCells(entry.combined)],
  ];
}

/** A sheet with a bold, frozen heading row: the headings stay in view as a reader scrolls. */
function addSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly Column[], rows: readonly Cell[][]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.heading, width: column.width, style: column.format ? { numFmt: column.format } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  for (const row of rows) sheet.addRow(row);
}

export interface LevelReport {
  readonly level: string;
  readonly report: ProgressReportResponse;
}

/**
 * The progress report as a workbook: a summary sheet (the top locality and each locality of the
 * first level, by term), then one sheet per level with its rows. Amounts are numbers in đồng and
 * in billions of đồng, rates are fractions shown as percentages, so the sheet sums and sorts.
 */
export async function progressWorkbook(levels: readonly LevelReport[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'program-ledger';
  const first = levels[0].report;
  const summary = [...summaryCells(first.total), ...first.localities.flatMap(summaryCells)];
  addSheet(workbook, 'Tổng hợp', summaryColumns, summary);
  for (const { level, report } of levels) addSheet(workbook, `Cấp ${levelNames[level] ?? level}`, rowColumns, report.rows.map(rowCells));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
