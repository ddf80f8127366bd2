import type { Response } from 'superagent';
import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';
import { nation, province, district } from './support/seeded-accounts';

/*
 * As of a moment in the past over HTTP: an account, a locality's roll-up and the disbursement
 * report folded from the events of the view asked for, the answer naming its view and position;
 * the parameters validated; and a report produced again, byte for byte, from the position its
 * first answer named.
 */

jest.setTimeout(60_000);

const reportPath = '/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11';

describe('as of a moment in the past, over HTTP', () => {
  const ledger = useSeededTestLedger();
  /** Positions after each step of the history below. */
  const at: Record<string, string> = {};
  /** The report's CSV and JSON as they were answered at `at.firstReport`. */
  let firstCsv: { bytes: Buffer; disposition: string };
  let firstRollup: Record<string, unknown>;

  beforeAll(async () => {
    const officer = await ledger.as('finance-officer');
    const assigned = await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1000000', decisionRef: 'Q1', effectiveDate: '2024-01-05' }).expect(201);
    at.assigned = assigned.body.position;
    const toProvince = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '600000', decisionRef: 'Q2', effectiveDate: '2024-02-01' }).expect(201);
    await ledger.settle(toProvince.body.position);
    const toDistrict = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: newCommandId(), toAccountId: district, amountVnd: '400000', decisionRef: 'Q3', effectiveDate: '2024-03-01' }).expect(201);
    await ledger.settle(toDistrict.body.position);
    const paid = await officer.post(`/v1/accounts/${district}/disbursements`).send({ commandId: newCommandId(), amountVnd: '150000', voucherRef: 'KB-1', disbursedOn: '2024-06-14' }).expect(201);
    at.firstReport = paid.body.position;
    const csv = await officer.get(`${reportPath}&format=csv&minPosition=${at.firstReport}`).buffer(true).parse(bytesParser).expect(200);
    firstCsv = { bytes: csv.body as Buffer, disposition: String(csv.headers['content-disposition']) };
    firstRollup = (await officer.get(`/v1/localities/11/rollup?minPosition=${at.firstReport}`).expect(200)).body;
    // After the report was submitted: a second payment, and a budget entered late for January.
    await officer.post(`/v1/accounts/${district}/disbursements`).send({ commandId: newCommandId(), amountVnd: '50000', voucherRef: 'KB-2', disbursedOn: '2024-07-02' }).expect(201);
    const late = await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '5000', decisionRef: 'Q4', effectiveDate: '2024-01-20' }).expect(201);
    at.head = late.body.position;
  });

  it('folds an account from the events of each view and says which view and position it reflects', async () => {
    const auditor = await ledger.as('auditor');
    const byPosition = await auditor.get(`/v1/accounts/${nation}?asOfPosition=${at.assigned}`).expect(200);
    expect(byPosition.body).toMatchObject({ receivedVnd: '1000000', allocatedOutVnd: '0', revision: '0' });
    expect(byPosition.body.asOf).toEqual({ view: 'position', parameters: { asOfPosition: at.assigned }, fromEvents: true, position: at.assigned, eventsInView: 1, differences: null });

    // By 31 January: the first budget and the one entered late for 20 January; the allocation of 1 February not yet.
    const byDate = await auditor.get(`/v1/accounts/${nation}?asOfDate=2024-01-31`).expect(200);
    expect(byDate.body).toMatchObject({ receivedVnd: '1005000', allocatedOutVnd: '0', availableVnd: '1005000' });
    expect(byDate.body.asOf).toMatchObject({ view: 'effective-date', parameters: { asOfDate: '2024-01-31' }, fromEvents: true, eventsInView: 2 });
    // What the ledger had recorded by the end of that day (nothing: every entry here was made later) differs at both.
    expect(byDate.body.asOf.differences).toMatchObject({ comparedWith: { knownAt: '2024-01-31T16:59:59.999Z' }, count: 2 });
    expect(byDate.body.asOf.differences.events.map((event: { inThisView: boolean; effectiveDate: string }) => [event.effectiveDate, event.inThisView])).toEqual([
      ['2024-01-05', true],
      ['2024-01-20', true],
    ]);

    // Recorded by an instant before any entry: the account had no event yet; after all of them, all three.
    const before = await auditor.get(`/v1/accounts/${nation}?knownAt=2024-01-01T00:00:00%2B07:00`).expect(200);
    expect(before.body).toMatchObject({ receivedVnd: '0', revision: '-1' });
    expect(before.body.asOf).toMatchObject({ view: 'recorded-time', parameters: { knownAt: '2023-12-31T17:00:00.000Z' }, position: '-1', eventsInView: 0 });
    const later = await auditor.get(`/v1/accounts/${nation}?knownAt=2999-01-01T00:00:00Z`).expect(200);
    expect(later.body).toMatchObject({ receivedVnd: '1005000', allocatedOutVnd: '600000' });
    const today = (await auditor.get(`/v1/accounts/${nation}`).expect(200)).body;
    expect({ ...later.body, asOf: undefined }).toEqual({ ...today, asOf: undefined });
  });

  it('answers a roll-up at a position with the figures the read models gave then', async () => {
    const reporter = await ledger.as('reporter');
    const then = await reporter.get(`/v1/localities/11/rollup?asOfPosition=${firstRollup.position as string}`).expect(200);
    expect(then.headers['x-projection-position']).toBe(firstRollup.position);
    expect({ ...then.body, asOf: undefined }).toEqual({ ...firstRollup, asOf: undefined });
    expect(then.body.asOf).toMatchObject({ view: 'position', fromEvents: true, position: firstRollup.position });
    const now = await reporter.get(`/v1/localities/11/rollup?minPosition=${at.head}`).expect(200);
    expect(now.body.total.disbursedVnd).toBe('200000');
    expect(then.body.total.disbursedVnd).toBe('150000');
  });

  it('produces a submitted report again, byte for byte, from the position in its file name', async () => {
    const position = /-at-([0-9]+)\.csv"$/.exec(firstCsv.disposition)?.[1];
    expect(position).toBe(at.firstReport);
    const again = await (await ledger.as('auditor')).get(`${reportPath}&format=csv&asOfPosition=${position}`).buffer(true).parse(bytesParser).expect(200);
    expect(again.headers['content-disposition']).toBe(firstCsv.disposition);
    expect((again.body as Buffer).equals(firstCsv.bytes)).toBe(true);
    const today = await (await ledger.as('auditor')).get(`${reportPath}&format=csv&minPosition=${at.head}`).buffer(true).parse(bytesParser).expect(200);
    expect((today.body as Buffer).equals(firstCsv.bytes)).toBe(false);
  });

  it('refuses bad values with a message per field, a position beyond the head, and more than one view', async () => {
    const auditor = await ledger.as('auditor');
    const refused = async (query: string) => {
      const response = await auditor.get(`/v1/accounts/${nation}?${query}`);
      return { status: response.status, code: response.body.code, fields: (response.body.errors ?? []).map((field: { field: string }) => field.field) };
    };
    expect(await refused('asOfDate=2024-02-30')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['asOfDate'] });
    expect(await refused('asOfDate=31/01/2024')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['asOfDate'] });
    expect(await refused('knownAt=2024-01-31')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['knownAt'] });
    expect(await refused('knownAt=2024-13-31T00:00:00Z')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['knownAt'] });
    expect(await refused('asOfPosition=-1')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['asOfPosition'] });
    expect(await refused('asOfPosition=abc')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['asOfPosition'] });
    expect(await refused('asOfDate=2024-01-31&asOfPosition=1')).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['asOfPosition'] });
    const beyond = BigInt(at.head) + 1000n;
    const response = await auditor.get(`/v1/accounts/${nation}?asOfPosition=${beyond}`).expect(400);
    expect(response.body).toMatchObject({ code: 'POSITION_BEYOND_HEAD', details: { field: 'asOfPosition', asOfPosition: beyond.toString() } });
    await auditor.get(`/v1/localities/11/rollup?asOfPosition=${beyond}`).expect(400);
    await auditor.get(`${reportPath}&knownAt=2024-01-01T00:00:00Z&asOfDate=2024-01-01`).expect(400);
  });
});

/** The body as the bytes sent, so that two reports can be compared byte for byte. */
function bytesParser(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
