import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { makeTempDataDir, newCommandId, startTestLedger, type TestLedger } from './support/ledger-test-app';

jest.setTimeout(180_000);

/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (no browser is
 * downloaded). CI installs the `chromium` package (.ci/run); where no browser is found the suite
 * says so and is skipped. Screenshots go to test-artifacts/dashboard (git-ignored).
 */
const browserCandidates = [process.env.LEDGER_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((path): path is string => Boolean(path));
const executablePath = browserCandidates.find((path) => existsSync(path));
const screenshots = join(__dirname, '..', '..', 'test-artifacts', 'dashboard');

if (!executablePath) {
  // eslint-disable-next-line no-console
  console.log(`dashboard browser test skipped: no Chromium found (looked for ${browserCandidates.join(', ')}); install Debian's chromium package, as .ci/run does`);
}
const describeWithBrowser = executablePath ? describe : describe.skip;

/** Whole đồng in billions with one decimal, grouped as Vietnamese writes numbers (2.104,9) or English (2,104.9) — written here without Intl, as a check on the page's. */
function billions(vnd: string, language: 'vi' | 'en'): string {
  const value = BigInt(vnd);
  const tenths = ((value < 0n ? -value : value) + 50_000_000n) / 100_000_000n;
  const whole = (tenths / 10n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, language === 'vi' ? '.' : ',');
  return `${value < 0n ? '-' : ''}${whole}${language === 'vi' ? ',' : '.'}${tenths % 10n} ${language === 'vi' ? 'tỷ đồng' : 'billion VND'}`;
}

/** The parts of the API's answers the test compares with the page. */
type Figures = Record<string, string>;
interface Report {
  readonly position: string;
  readonly total: { readonly currentYear: Figures };
  readonly rows: readonly { readonly capital: string; readonly figures: Figures }[];
}
interface Curve {
  readonly months: readonly Figures[];
}
interface Lagging {
  readonly localities: readonly { readonly locality: { readonly localityId: string } }[];
}

describeWithBrowser('the dashboard in Chromium, on the demo store', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;
  let browser: Browser;
  let page: Page;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    ledger = await startTestLedger(data.dir);
    await runDemo(ledger.app, () => undefined);
    await ledger.app.listen(0, '127.0.0.1');
    base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 1800 }, locale: 'vi-VN' });
    // A script refused by the security policy, or failing, shows here.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
    data.remove();
  });

  async function api<T = Report>(path: string): Promise<T> {
    return (await ledger.http().get(path).expect(200)).body as T;
  }
  async function shown(locality: string): Promise<void> {
    await page.waitForSelector(`body[data-locality-id="${locality}"]`, { timeout: 30_000 });
  }
  const text = (selector: string) => page.locator(selector).first().innerText();

  it('signs in with a pasted token and shows the nation’s figures, equal to the API’s, in Vietnamese', async () => {
    await page.goto(`${base}/dashboard#path=VN&year=2024&lang=vi`);
    expect(await page.locator('h1').innerText()).toBe('Tiến độ giải ngân các chương trình mục tiêu quốc gia');
    await page.fill('#token', await ledger.tokens.token('reporter'));
    await page.click('#save-token');
    await shown('VN');
    const nation = await api('/v1/reports/progress?planYear=2024&level=nation&underLocalityId=VN');
    expect(await page.getAttribute('#kpi-plan', 'data-vnd')).toBe(nation.total.currentYear.planVnd);
    expect(await text('#kpi-plan')).toBe(billions(nation.total.currentYear.planVnd, 'vi'));
    expect(await text('#kpi-plan')).toBe('2.104,9 tỷ đồng');
    expect(await text('#kpi-disbursed')).toBe(billions(nation.total.currentYear.disbursedVnd, 'vi'));
    expect(await page.locator('#children-table button', { hasText: 'Tỉnh Điện Biên' }).count()).toBe(1);
    expect(await page.locator('#freshness').innerText()).toContain(nation.position);
    await page.screenshot({ path: join(screenshots, 'nation.png'), fullPage: true });
  });

  it('drills down from the nation to Điện Biên: bars and table per program and capital type, the monthly curve and the lagging list as the API gives them', async () => {
    const started = Date.now();
    await page.locator('#children-table button', { hasText: 'Tỉnh Điện Biên' }).click();
    await shown('11');
    // eslint-disable-next-line no-console
    console.log(`dashboard: the province's first view took ${Date.now() - started} ms`);
    const province = await api('/v1/reports/progress?planYear=2024&level=province&underLocalityId=11');
    expect(await text('#locality-name')).toBe('Tỉnh Điện Biên');
    expect(await text('#kpi-plan')).toBe(billions(province.total.currentYear.planVnd, 'vi'));
    expect(await page.getAttribute('#kpi-allocated', 'data-vnd')).toBe(province.total.currentYear.detailedAllocatedVnd);
    // The rates table beside the bars: one row per program and capital type, each figure the API's.
    const rows = province.rows.filter((row) => row.capital === 'current-year');
    const tableRows = page.locator('#rates-table tbody tr');
    expect(await tableRows.count()).toBe(rows.length);
    for (const [index, row] of rows.entries()) {
      const cells = tableRows.nth(index).locator('td');
      expect(await cells.nth(1).getAttribute('data-vnd')).toBe(row.figures.planVnd);
      expect(await cells.nth(3).innerText()).toBe(billions(row.figures.disbursedVnd, 'vi'));
      expect(await cells.nth(5).getAttribute('data-rate')).toBe(row.figures.disbursementRateOfAssignedPlanPercent);
      expect(await cells.nth(6).getAttribute('data-rate')).toBe(row.figures.disbursementRateOfAllocatedPlanPercent ?? '');
    }
    expect(await page.locator('#rates-chart canvas').count()).toBeGreaterThan(0);
    const curve = await api<Curve>('/v1/reports/monthly-progress?localityId=11&planYear=2024');
    const months = page.locator('#curve-table tbody tr');
    expect(await months.count()).toBe(curve.months.length);
    const last = curve.months[curve.months.length - 1];
    expect(await months.last().locator('td').nth(3).getAttribute('data-vnd')).toBe(last.cumulativeDisbursedVnd);
    const lagging = await api<Lagging>('/v1/reports/lagging?planYear=2024&level=district&underLocalityId=11&limit=5');
    expect(await page.locator('#lagging-list li').first().getAttribute('data-locality-id')).toBe(lagging.localities[0].locality.localityId);
    expect(await page.locator('#breadcrumb a').count()).toBe(1);
    await page.screenshot({ path: join(screenshots, 'dien-bien.png'), fullPage: true });
  });

  it('drills down from Điện Biên to a district', async () => {
    await page.locator('#children-table button', { hasText: 'Huyện Mường Nhé' }).click();
    await shown('096');
    const district = await api('/v1/reports/progress?planYear=2024&level=district&underLocalityId=096');
    expect(await text('#locality-name')).toBe('Huyện Mường Nhé');
    expect(await text('#kpi-disbursed')).toBe(billions(district.total.currentYear.disbursedVnd, 'vi'));
    expect(await page.getAttribute('#kpi-rates', 'data-rate')).toBe(district.total.currentYear.disbursementRateOfAssignedPlanPercent);
    expect(await page.locator('#breadcrumb a').allInnerTexts()).toEqual(['Toàn quốc', 'Tỉnh Điện Biên']);
    await page.screenshot({ path: join(screenshots, 'muong-nhe.png'), fullPage: true });
  });

  it('follows the live feed: a payment recorded while the page is open shows without a reload', async () => {
    const before = await page.getAttribute('#kpi-disbursed', 'data-vnd');
    const officer = await ledger.as('finance-officer');
    const paid = await officer
      .post('/v1/accounts/DTTS.2024.096.DTPT.NSTW.DA4/disbursements')
      .send({ commandId: newCommandId('dashboard-live'), amountVnd: '1000000000', voucherRef: 'KBNN-096-LIVE-1', disbursedOn: '2024-12-20', decisionRef: 'Q' })
      .expect(201);
    // The page refreshes from the feed, asking for the payment's position: it shows the figure that includes it.
    await page.waitForFunction((position) => Number((globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.loadedPosition) >= Number(position), paid.body.position, { timeout: 30_000 });
    const district = await api(`/v1/reports/progress?planYear=2024&level=district&underLocalityId=096&minPosition=${paid.body.position}`);
    expect(BigInt(district.total.currentYear.disbursedVnd) - BigInt(before ?? '0')).toBe(1_000_000_000n);
    expect(await page.getAttribute('#kpi-disbursed', 'data-vnd')).toBe(district.total.currentYear.disbursedVnd);
  });

  it('switches to English: labels and number format change, figures do not', async () => {
    const district = await api('/v1/reports/progress?planYear=2024&level=district&underLocalityId=096');
    await page.click('#language');
    expect(await page.locator('h1').innerText()).toBe('Disbursement progress of the national target programs');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text('#kpi-disbursed')).toBe(billions(district.total.currentYear.disbursedVnd, 'en'));
    expect(await page.locator('[data-text="plan"]').first().innerText()).toBe('Plan assigned');
    await page.screenshot({ path: join(screenshots, 'muong-nhe-en.png'), fullPage: true });
    await page.click('#language');
    expect(await page.locator('h1').innerText()).toBe('Tiến độ giải ngân các chương trình mục tiêu quốc gia');
  });

  it('drills down through the structure of 1 July 2025 too: 2026, the new province, one of its communes', async () => {
    await page.locator('#breadcrumb a', { hasText: 'Toàn quốc' }).click();
    await shown('VN');
    await page.selectOption('#plan-year', '2026');
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash.includes('year=2026'));
    const nation = await api('/v1/reports/progress?planYear=2026&level=province&underLocalityId=VN');
    const province = (nation as unknown as { localities: { locality: { localityId: string; name: string } }[] }).localities[0].locality;
    const button = page.locator(`#children-table button[data-locality-id="${province.localityId}"]`);
    await button.waitFor({ timeout: 30_000 });
    await button.click();
    await shown(province.localityId);
    const first = page.locator('#children-table button').first();
    const communeId = await first.getAttribute('data-locality-id');
    await first.click();
    await shown(communeId ?? '');
    const commune = await api(`/v1/reports/progress?planYear=2026&level=commune&underLocalityId=${encodeURIComponent(communeId ?? '')}`);
    expect(await page.getAttribute('#kpi-plan', 'data-vnd')).toBe(commune.total.currentYear.planVnd);
    expect(await page.locator('#breadcrumb a').count()).toBe(2);
    await page.screenshot({ path: join(screenshots, 'commune-2026.png'), fullPage: true });
  });

  it('ran every script the page loads, with nothing refused by the security policy', () => {
    expect(problems).toEqual([]);
  });
});
