import ExcelJS from 'exceljs';
import type { RecordedEvent } from '@ledger/event-store';
import { carriedInto2025 } from '../../apps/cli/src/demo/dien-bien-2024.scenario';
import { makeTempDataDir, startDemoLedger, type TestLedger } from './support/ledger-test-app';

jest.setTimeout(120_000);

/**
 * The progress reports against an independent fold of the demo's events: each figure is read
 * from the events by its definition in docs/reports.md, event by event, walking parent links —
 * without the read models' monthly tables, term columns or SQL.
 */
interface Movement {
  readonly type: string;
  readonly account: Key;
  readonly other: Key | null;
  readonly amountVnd: bigint;
  readonly date: string;
  readonly newDeadline: string | null;
}
interface Key {
  readonly id: string;
  readonly programCode: string;
  readonly planYear: number;
  readonly localityId: string;
  readonly capitalType: string;
  readonly budgetSource: string;
  readonly componentCode: string | null;
}

function keyOf(id: string): Key {
  const [programCode, planYear, localityId, capitalType, budgetSource, componentCode] = id.split('.');
  return { id, programCode, planYear: Number(planYear), localityId, capitalType, budgetSource, componentCode: componentCode === '_' ? null : componentCode };
}

/** The normal term's last day: investment until 31 January of the next year, recurrent until 31 December. */
function termEnd(key: Key): string {
  return key.capitalType === 'DTPT' ? `${key.planYear + 1}-01-31` : `${key.planYear}-12-31`;
}

class Fold {
  readonly parents = new Map<string, string | null>([['VN', null]]);
  readonly movements: Movement[] = [];

  constructor(events: readonly RecordedEvent[]) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      if (event.type === 'LocalityRegistered') {
        this.parents.set(String(data.localityId), (data.parentId as string | null) ?? null);
        continue;
      }
      if (!event.streamId.startsWith('account-')) continue;
      const account = keyOf(event.streamId.slice('account-'.length));
      const date = String(event.metadata.effectiveDate ?? event.recordedAt.toISOString().slice(0, 10));
      const otherId = (data.toAccountId ?? data.fromAccountId) as string | undefined;
      this.movements.push({
        type: event.type,
        account,
        other: otherId ? keyOf(otherId) : null,
        amountVnd: data.amountVnd === undefined ? 0n : BigInt(String(data.amountVnd)),
        date,
        newDeadline: (data.newDeadline as string | undefined) ?? null,
      });
    }
  }

  inside(rootId: string, localityId: string): boolean {
    for (let current: string | null | undefined = localityId; current; current = this.parents.get(current)) if (current === rootId) return true;
    return false;
  }

  /** Plan, detailed allocation and net disbursement of a subtree's lines, of events dated on or before `asOf`. */
  figures(rootId: string, match: (key: Key) => boolean, asOf: string) {
    let planVnd = 0n;
    let detailedVnd = 0n;
    let disbursedVnd = 0n;
    let withinTermVnd = 0n;
    for (const m of this.movements) {
      if (!match(m.account) || m.date > asOf) continue;
      const here = this.inside(rootId, m.account.localityId);
      switch (m.type) {
        case 'BudgetAssigned':
          if (here) planVnd += m.amountVnd;
          break;
        case 'FundsReceived':
          if (here && m.other && !this.inside(rootId, m.other.localityId)) planVnd += m.amountVnd;
          break;
        case 'FundsAllocated':
        case 'FundsReallocated':
        case 'FundsReturned':
          if (here && m.other && !this.inside(rootId, m.other.localityId)) planVnd -= m.amountVnd;
          if (m.type === 'FundsAllocated' && m.account.localityId === rootId && m.other && m.other.localityId !== rootId && this.inside(rootId, m.other.localityId)) detailedVnd += m.amountVnd;
          if (m.type === 'FundsReturned' && m.other?.localityId === rootId && m.account.localityId !== rootId && here) detailedVnd -= m.amountVnd;
          break;
        case 'FundsDisbursed':
        case 'DisbursementReversed': {
          if (!here) break;
          const signed = m.type === 'FundsDisbursed' ? m.amountVnd : -m.amountVnd;
          disbursedVnd += signed;
          if (m.date <= termEnd(m.account)) withinTermVnd += signed;
          break;
        }
        default:
          break;
      }
    }
    return { planVnd, detailedVnd, disbursedVnd, withinTermVnd, afterTermVnd: disbursedVnd - withinTermVnd };
  }

  /**
   * Carried-over capital of plan years before `reportingYear` in a subtree: accounts whose
   * deadline was extended past their term; plan = what they held at the term's end less what they
   * paid after it before the reporting year; disbursed = what they paid after it in the reporting year through `asOf`.
   */
  carriedOver(rootId: string, reportingYear: number, asOf: string, match: (key: Key) => boolean = () => true) {
    // Extended past the term, into the reporting year.
    const extended = new Set(this.movements.filter((m) => m.type === 'DisbursementDeadlineExtended' && m.newDeadline !== null && m.newDeadline > termEnd(m.account) && m.newDeadline >= `${reportingYear}-01-01`).map((m) => m.account.id));
    let planVnd = 0n;
    let disbursedVnd = 0n;
    for (const m of this.movements) {
      if (!extended.has(m.account.id) || m.account.planYear >= reportingYear || !match(m.account) || !this.inside(rootId, m.account.localityId)) continue;
      const inTerm = m.date <= termEnd(m.account);
      const credit = ['BudgetAssigned', 'FundsReceived', 'DisbursementReversed'].includes(m.type);
      const debit = ['FundsAllocated', 'FundsReallocated', 'FundsReturned', 'FundsDisbursed'].includes(m.type);
      if (inTerm) planVnd += credit ? m.amountVnd : debit ? -m.amountVnd : 0n;
      else if (m.type === 'FundsDisbursed' || m.type === 'DisbursementReversed') {
        const signed = m.type === 'FundsDisbursed' ? m.amountVnd : -m.amountVnd;
        if (m.date < `${reportingYear}-01-01`) planVnd -= signed;
        else if (m.date <= asOf) disbursedVnd += signed;
      }
    }
    return { planVnd, disbursedVnd };
  }
}

function percent(numerator: bigint, denominator: bigint): string | null {
  if (denominator <= 0n) return null;
  const hundredths = (numerator * 20_000n + denominator) / (2n * denominator);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

type Figures = Record<string, string | null>;
type ReportRow = Record<string, unknown> & { figures: Figures; previousPeriod: Figures | null; changeSincePreviousPeriod: Figures | null; yearEarlier: Figures | null };

describe('progress reports on the Điện Biên demo, against an independent fold of its events', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;
  let fold: Fold;
  let head: string;

  beforeAll(async () => {
    const demo = await startDemoLedger(data.dir, { LEDGER_READ_WAIT_MS: '2000' });
    ({ ledger, head } = demo);
    fold = new Fold(demo.events);
  });
  afterAll(async () => {
    await ledger.close();
    data.remove();
  });

  const lineOf = (row: ReportRow, planYear: number) => (key: Key) => key.planYear === planYear && key.programCode === row.programCode && key.capitalType === row.capitalType && (row.budgetSource === null || key.budgetSource === row.budgetSource);

  it('reports the districts as of the end of September 2024, with both rates, the previous month and the change since it', async () => {
    const response = await ledger.http().get(`/v1/reports/progress?planYear=2024&level=district&underLocalityId=11&period=2024-09&minPosition=${head}`).expect(200);
    expect(response.body.period).toEqual({ label: '2024-09', kind: 'month', asOf: '2024-09-30' });
    expect(response.body.previousPeriod).toEqual({ label: '2024-08', kind: 'month', asOf: '2024-08-31' });
    const rows = response.body.rows as ReportRow[];
    expect(new Set(rows.map((row) => row.localityCode))).toEqual(new Set(['094', '095', '096', '097', '098', '099', '100', '101', '102', '103']));
    for (const row of rows) {
      expect(row.capital).toBe('current-year');
      const now = fold.figures(String(row.localityId), lineOf(row, 2024), '2024-09-30');
      const before = fold.figures(String(row.localityId), lineOf(row, 2024), '2024-08-31');
      expect(row.figures).toMatchObject({
        planVnd: now.planVnd.toString(),
        detailedAllocatedVnd: now.detailedVnd.toString(),
        disbursedVnd: now.disbursedVnd.toString(),
        disbursedWithinTermVnd: now.withinTermVnd.toString(),
        disbursedUnderExtensionVnd: '0',
        disbursementRateOfAssignedPlanPercent: percent(now.disbursedVnd, now.planVnd),
        // A district allocates nothing in detail: against the allocated plan there is no rate.
        disbursementRateOfAllocatedPlanPercent: null,
      });
      expect(row.previousPeriod?.disbursedVnd).toBe(before.disbursedVnd.toString());
      expect(row.changeSincePreviousPeriod?.disbursedVnd).toBe((now.disbursedVnd - before.disbursedVnd).toString());
    }
  });

  it('reports the province as of a quarter’s end: the rate against the allocated plan beside the rate against the assigned plan, and central vs local budget', async () => {
    const response = await ledger.http().get('/v1/reports/progress?planYear=2024&level=province&underLocalityId=11&period=2024-Q2&bySource=true&yearEarlier=true').expect(200);
    expect(response.body.period).toEqual({ label: '2024-Q2', kind: 'quarter', asOf: '2024-06-30' });
    expect(response.body.previousPeriod.label).toBe('2024-Q1');
    expect(response.body.yearEarlierPeriod.label).toBe('2023-Q2');
    const rows = response.body.rows as ReportRow[];
    expect(rows.length).toBeGreaterThan(6);
    for (const row of rows) {
      const now = fold.figures('11', lineOf(row, 2024), '2024-06-30');
      expect(row.figures.planVnd).toBe(now.planVnd.toString());
      expect(row.figures.disbursementRateOfAllocatedPlanPercent).toBe(percent(now.disbursedVnd, now.detailedVnd));
      expect(row.figures.detailedAllocationRatePercent).toBe(percent(now.detailedVnd, now.planVnd));
      // Nothing of 2023 in the demo: the same quarter a year earlier has no row.
      expect(row.yearEarlier).toBeNull();
    }
    const province = response.body.total;
    const budget = (sources: readonly string[]) => fold.figures('11', (key) => key.planYear === 2024 && sources.includes(key.budgetSource), '2024-06-30');
    expect(province.byBudget.central.planVnd).toBe(budget(['NSTW']).planVnd.toString());
    expect(province.byBudget.local.planVnd).toBe(budget(['NSDP']).planVnd.toString());
    expect(province.byBudget.local.disbursedVnd).toBe(budget(['NSDP']).disbursedVnd.toString());
    expect(province.byBudget.other.planVnd).toBe(budget(['CSXH', 'KHAC']).planVnd.toString());
    expect(BigInt(province.currentYear.planVnd)).toBe(2_104_900_000_000n);
  });

  it('answers “2024 funds plus 2023 carried over” as one query; 2025 shows 2024’s extended money as carried-over capital', async () => {
    const response = await ledger.http().get('/v1/reports/progress?planYear=2025&level=district&underLocalityId=11&period=2025-06').expect(200);
    const carried = (response.body.rows as ReportRow[]).filter((row) => row.capital === 'carried-over');
    expect(carried.map((row) => row.localityCode).sort()).toEqual([...carriedInto2025.localityIds].sort());
    for (const row of carried) {
      expect(row).toMatchObject({ programCode: 'DTTS', capitalType: 'DTPT', planYear: 2024 });
      const expected = fold.carriedOver(String(row.localityId), 2025, '2025-06-30', (key) => key.programCode === 'DTTS');
      const paid = carriedInto2025.payments.filter((payment) => payment.localityId === row.localityId).reduce((sum, payment) => sum + payment.amountVnd, 0n);
      expect(row.figures.disbursedVnd).toBe(paid.toString());
      expect(row.figures).toMatchObject({ planVnd: expected.planVnd.toString(), disbursedVnd: expected.disbursedVnd.toString(), disbursedUnderExtensionVnd: expected.disbursedVnd.toString(), detailedAllocatedVnd: null });
      expect(row.figures.disbursementRateOfAssignedPlanPercent).toBe(percent(expected.disbursedVnd, expected.planVnd));
    }
    // As of March, only the first payment.
    const march = await ledger.http().get('/v1/reports/progress?planYear=2025&level=province&underLocalityId=11&period=2025-03').expect(200);
    const firstPayments = carriedInto2025.payments.filter((payment) => payment.disbursedOn <= '2025-03-31').reduce((sum, payment) => sum + payment.amountVnd, 0n);
    expect(march.body.total.carriedOver.disbursedVnd).toBe(firstPayments.toString());
    // The province's combined figure: the 2025 money (none in the demo) and 2024's carried over, against their plans together.
    const province = await ledger.http().get('/v1/reports/progress?planYear=2025&level=province&underLocalityId=11&period=2025-06').expect(200);
    const all = fold.carriedOver('11', 2025, '2025-06-30');
    const current = fold.figures('11', (key) => key.planYear === 2025, '2025-06-30');
    expect(province.body.total.combined.planVnd).toBe((all.planVnd + current.planVnd).toString());
    expect(province.body.total.combined.disbursedVnd).toBe((all.disbursedVnd + current.disbursedVnd).toString());
    expect(province.body.total.combined.disbursementRateOfAssignedPlanPercent).toBe(percent(all.disbursedVnd + current.disbursedVnd, all.planVnd + current.planVnd));
    // The extension ran to the end of 2025: nothing of 2024's money is carried into 2026.
    const later = await ledger.http().get('/v1/reports/progress?planYear=2026&level=province&underLocalityId=11').expect(200);
    expect(later.body.total.carriedOver.planVnd).toBe('0');
    expect((later.body.rows as ReportRow[]).filter((row) => row.capital === 'carried-over')).toEqual([]);
    // 2024's own report counts the same payments as disbursed under the extension of the current-year money.
    const own = await ledger.http().get('/v1/reports/progress?planYear=2024&level=province&underLocalityId=11&carriedOver=false').expect(200);
    const afterTerm = fold.figures('11', (key) => key.planYear === 2024, '9999-12-31').afterTermVnd;
    expect(own.body.total.currentYear.disbursedUnderExtensionVnd).toBe(afterTerm.toString());
    expect(afterTerm).toBe(carriedInto2025.payments.reduce((sum, payment) => sum + payment.amountVnd, 0n));
  });

  it('gives the nation’s own row at the nation level: the country’s figures, not the sum of its provinces', async () => {
    const response = await ledger.http().get('/v1/reports/progress?planYear=2024&level=nation&underLocalityId=VN').expect(200);
    const expected = fold.figures('VN', (key) => key.planYear === 2024, '9999-12-31');
    expect(new Set((response.body.rows as ReportRow[]).map((row) => row.localityId))).toEqual(new Set(['VN']));
    expect(response.body.total.currentYear).toMatchObject({ planVnd: expected.planVnd.toString(), detailedAllocatedVnd: expected.detailedVnd.toString(), disbursedVnd: expected.disbursedVnd.toString() });
  });

  it('draws the province’s 2024 curve month by month, each cumulative figure equal to the fold as of the month’s end', async () => {
    const response = await ledger.http().get('/v1/reports/monthly-progress?localityId=11&planYear=2024').expect(200);
    const months = response.body.months as Figures[];
    expect(months[0].month).toBe('2024-01');
    expect(months.map((month) => month.month)).toContain('2024-12');
    for (const month of months) {
      const [year, monthNumber] = String(month.month).split('-').map(Number);
      const asOf = new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
      const expected = fold.figures('11', (key) => key.planYear === 2024, asOf);
      expect([month.planVnd, month.detailedAllocatedVnd, month.cumulativeDisbursedVnd]).toEqual([expected.planVnd.toString(), expected.detailedVnd.toString(), expected.disbursedVnd.toString()]);
    }
    // Every month of 2024 from March on pays something: a curve, not three steps.
    expect(months.filter((month) => month.month! >= '2024-03' && month.month! <= '2024-12').every((month) => BigInt(month.disbursedVnd!) > 0n)).toBe(true);
  });

  it('lists the lagging districts lowest rate first, and the components spending least', async () => {
    const response = await ledger.http().get('/v1/reports/lagging?planYear=2024&level=district&underLocalityId=11&limit=3').expect(200);
    const localities = response.body.localities as { locality: { code: string }; combined: Figures }[];
    expect(localities).toHaveLength(3);
    // The scenario's two slowest districts: Nậm Pồ (35%) and Mường Nhé (38%).
    expect(localities.slice(0, 2).map((entry) => entry.locality.code)).toEqual(['103', '096']);
    const rates = localities.map((entry) => Number(entry.combined.disbursementRateOfAssignedPlanPercent));
    expect([...rates].sort((a, b) => a - b)).toEqual(rates);
    const components = response.body.components as Figures[];
    expect(components.length).toBeGreaterThan(0);
    const shares = components.map((component) => Number(component.disbursedSharePercent));
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
  });

  it('lists money idle for more than N days as of a date: what the province keeps unallocated since February', async () => {
    const response = await ledger.http().get('/v1/reports/idle-money?localityId=11&idleDays=90&asOf=2024-12-31&planYear=2024&limit=500').expect(200);
    const accounts = response.body.accounts as Record<string, string | number>[];
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      expect(Number(account.idleDays)).toBeGreaterThan(90);
      expect(String(account.idleSince) <= '2024-10-01').toBe(true);
    }
    // The province's component accounts keep 3% not allocated in detail since the allocation of 26 February.
    const provinceKept = accounts.filter((account) => account.localityId === '11' && account.componentCode !== null);
    expect(provinceKept.length).toBeGreaterThan(0);
    expect(provinceKept.every((account) => account.waiting === 'not-yet-allocated' && account.idleSince === '2024-02-26')).toBe(true);
    expect(response.body.totalVnd).toBe(accounts.reduce((sum, account) => sum + BigInt(account.availableVnd), 0n).toString());
    const short = await ledger.http().get('/v1/reports/idle-money?localityId=11&idleDays=90&asOf=2024-12-31&planYear=2024&limit=1').expect(200);
    expect(short.body).toMatchObject({ truncated: true });
    expect(short.body.accounts).toHaveLength(1);
  });

  it('exports the report as a workbook: one sheet per level, numbers as numbers, sums equal to the JSON', async () => {
    const download = await ledger
      .http()
      .get('/v1/reports/progress?planYear=2024&underLocalityId=11&format=xlsx')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(download.headers['content-disposition']).toMatch(/attachment; filename="disbursement-progress-2024-11-at-\d+\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Tổng hợp', 'Cấp Huyện']);
    const sheet = workbook.getWorksheet('Cấp Huyện')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headings = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headings).toContain('Đã giải ngân (đồng)');
    expect(headings).toContain('Tỷ lệ giải ngân so với kế hoạch giao');
    const column = (heading: string) => headings.indexOf(heading) + 1;
    const json = await ledger.http().get('/v1/reports/progress?planYear=2024&level=district&underLocalityId=11').expect(200);
    let planVnd = 0n;
    let disbursedVnd = 0n;
    let billions = 0;
    for (let index = 2; index <= sheet.rowCount; index += 1) {
      const row = sheet.getRow(index);
      const plan = row.getCell(column('Kế hoạch vốn giao (đồng)'));
      expect(typeof plan.value).toBe('number');
      expect(plan.numFmt).toBe('#,##0');
      expect(row.getCell(column('Kế hoạch vốn giao (tỷ đồng)')).numFmt).toBe('#,##0.0');
      expect(typeof row.getCell(column('Tỷ lệ giải ngân so với kế hoạch giao')).value).toBe('number');
      planVnd += BigInt(plan.value as number);
      disbursedVnd += BigInt(row.getCell(column('Đã giải ngân (đồng)')).value as number);
      billions += row.getCell(column('Kế hoạch vốn giao (tỷ đồng)')).value as number;
    }
    const rows = json.body.rows as ReportRow[];
    expect(sheet.rowCount - 1).toBe(rows.length);
    expect(planVnd).toBe(rows.reduce((sum, row) => sum + BigInt(row.figures.planVnd!), 0n));
    expect(disbursedVnd).toBe(rows.reduce((sum, row) => sum + BigInt(row.figures.disbursedVnd!), 0n));
    expect(Math.abs(billions - Number(planVnd) / 1e9)).toBeLessThan(0.001);
    const summary = workbook.getWorksheet('Tổng hợp')!;
    expect(summary.getRow(2).getCell(3).value).toBe('Vốn năm nay');
    expect(summary.getRow(2).getCell(4).value).toBe(Number(json.body.total.currentYear.planVnd));
  });

  it.each([
    ['a period that is not a month or quarter', '/v1/reports/progress?planYear=2024&period=2024-13'],
    ['an unknown parameter', '/v1/reports/progress?planYear=2024&colour=red'],
    ['a format it does not write', '/v1/reports/progress?planYear=2024&format=pdf'],
    ['a lagging list longer than its maximum', '/v1/reports/lagging?planYear=2024&limit=101'],
    ['idle days past their maximum', '/v1/reports/idle-money?localityId=11&idleDays=3651'],
    ['an idle list longer than its maximum', '/v1/reports/idle-money?localityId=11&idleDays=1&limit=501'],
    ['a date that is no calendar day', '/v1/reports/idle-money?localityId=11&idleDays=1&asOf=2024-02-30'],
    ['a curve without a locality', '/v1/reports/monthly-progress?planYear=2024'],
  ])('refuses %s', async (_what, path) => {
    const response = await ledger.http().get(path).expect(400);
    expect(response.body.code).toBeDefined();
  });

  it('answers at the limits it names', async () => {
    await ledger.http().get('/v1/reports/lagging?planYear=2024&limit=100').expect(200);
    await ledger.http().get('/v1/reports/idle-money?localityId=11&idleDays=3650&limit=500&asOf=2024-12-31').expect(200);
    await ledger.http().get('/v1/reports/progress?planYear=2024&underLocalityId=99').expect(404);
  });
});
