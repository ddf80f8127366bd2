import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ReadSide } from '@ledger/read-models';
import { fundingLines } from '../../apps/cli/src/demo/dien-bien-2024.scenario';
import { ReferenceModel } from '../read-models/support/reference-model';
import { makeTempDataDir, newCommandId, seedRegistry, startDemoLedger, startTestLedger, type TestLedger } from './support/ledger-test-app';

jest.setTimeout(60_000);

/** A small RFC 4180 reader: enough to read back what the report writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

describe('read models over HTTP, on the Điện Biên 2024 demo', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;
  let reference: ReferenceModel;
  let head: string;

  beforeAll(async () => {
    const demo = await startDemoLedger(data.dir, { LEDGER_READ_WAIT_MS: '400' });
    ({ ledger, head } = demo);
    reference = new ReferenceModel(demo.events);
  });
  afterAll(async () => {
    await ledger.close();
    data.remove();
  });

  it('reports every province row with the figures the scenario’s events imply', async () => {
    const response = await ledger.http().get(`/v1/reports/disbursement-progress?planYear=2024&level=province&minPosition=${head}`).expect(200);
    expect(response.headers['x-projection-position']).toBe(response.body.position);
    expect(BigInt(response.body.position)).toBeGreaterThanOrEqual(BigInt(head));
    const rows = response.body.rows as Record<string, string>[];
    expect(rows.map((row) => `${row.programCode}/${row.capitalType}`)).toEqual(['DTTS/DTPT', 'DTTS/SN', 'GNBV/DTPT', 'GNBV/SN', 'NTM/DTPT', 'NTM/SN']);
    for (const row of rows) {
      expect(row).toMatchObject({ localityId: '11', localityName: 'Tỉnh Điện Biên', level: 'province' });
      const expected = reference.figures('11', { planYear: 2024, programCode: row.programCode, capitalType: row.capitalType });
      expect(row.planVnd).toBe(expected.planVnd.toString());
      expect(row.detailedAllocatedVnd).toBe(expected.detailedAllocatedVnd.toString());
      expect(row.notYetAllocatedVnd).toBe((expected.planVnd - expected.detailedAllocatedVnd).toString());
      expect(row.disbursedVnd).toBe(expected.netDisbursedVnd.toString());
      // The scenario allocates 97% of each component's money to the districts: inside the published 94–100% band.
      expect(Number(row.detailedAllocationRatePercent)).toBeGreaterThanOrEqual(94);
      expect(Number(row.detailedAllocationRatePercent)).toBeLessThanOrEqual(100);
    }
    // The province's plans add up to the scenario's 2,104.9 billion, and to its funding lines per program.
    expect(rows.reduce((sum, row) => sum + BigInt(row.planVnd), 0n)).toBe(2_104_900_000_000n);
    const dtts = fundingLines.filter((line) => line.programCode === 'DTTS').reduce((sum, line) => sum + line.amountVnd, 0n);
    expect(rows.filter((row) => row.programCode === 'DTTS').reduce((sum, row) => sum + BigInt(row.planVnd), 0n)).toBe(dtts);
  });

  it('reports the districts of Điện Biên, and their disbursement rates, from the same events', async () => {
    const response = await ledger.http().get('/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11&programCode=DTTS&capitalType=DTPT').expect(200);
    const rows = response.body.rows as Record<string, string>[];
    expect(rows.map((row) => row.localityCode)).toEqual(['094', '095', '096', '097', '098', '099', '100', '101', '102', '103']);
    for (const row of rows) {
      const expected = reference.figures(row.localityId, { planYear: 2024, programCode: 'DTTS', capitalType: 'DTPT' });
      expect([row.planVnd, row.disbursedVnd]).toEqual([expected.planVnd.toString(), expected.netDisbursedVnd.toString()]);
      const rate = Number(row.disbursementRatePercent);
      expect(Math.abs(rate - Number((expected.netDisbursedVnd * 10_000n) / expected.planVnd) / 100)).toBeLessThanOrEqual(0.01);
    }
  });

  it('downloads the same report as CSV that a spreadsheet opens: UTF-8 with a BOM, Vietnamese names, plain digits', async () => {
    const json = await ledger.http().get('/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11').expect(200);
    const csv = await ledger.http().get('/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11&format=csv').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="disbursement-progress-2024-district-11-at-\d+\.csv"/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(bytes.toString('utf8').slice(1));
    expect(table[0]).toContain('Tên đơn vị (localityName)');
    const heading = table[0];
    const records = table.slice(1).map((cells) => Object.fromEntries(heading.map((name, index) => [/\((\w+)\)$/.exec(name)?.[1] ?? name, cells[index]])));
    expect(records).toHaveLength(json.body.rows.length);
    for (const [index, row] of (json.body.rows as Record<string, string | null>[]).entries()) {
      for (const field of ['localityId', 'localityName', 'programCode', 'programName', 'capitalType', 'planVnd', 'detailedAllocatedVnd', 'notYetAllocatedVnd', 'disbursedVnd', 'disbursementRatePercent']) {
        expect(records[index][field]).toBe(row[field] ?? '');
      }
      expect(records[index].planVnd).toMatch(/^-?[0-9]+$/);
    }
    expect(records.some((record) => record.localityName === 'Huyện Điện Biên Đông')).toBe(true);
    expect(records.some((record) => (record.programName ?? '').includes(','))).toBe(true);
  });

  it('rolls a locality up per funding line, each figure equal to its reading of the events', async () => {
    const response = await ledger.http().get('/v1/localities/11/rollup?planYear=2024').expect(200);
    expect(response.body.locality).toEqual({ localityId: '11', code: '11', name: 'Tỉnh Điện Biên', level: 'province' });
    expect(response.body.lines).toHaveLength(fundingLines.length);
    for (const line of response.body.lines as Record<string, string>[]) {
      const expected = reference.figures('11', { programCode: line.programCode, planYear: 2024, capitalType: line.capitalType, budgetSource: line.budgetSource });
      expect(line).toMatchObject({
        planVnd: expected.planVnd.toString(),
        detailedAllocatedVnd: expected.detailedAllocatedVnd.toString(),
        netDisbursedVnd: expected.netDisbursedVnd.toString(),
        availableVnd: expected.availableVnd.toString(),
        receivedVnd: expected.receivedVnd.toString(),
        allocatedOutVnd: expected.allocatedOutVnd.toString(),
        inTransitInVnd: '0',
      });
    }
    expect(response.body.total.planVnd).toBe('2104900000000');
  });

  it('answers balances of a subtree, each equal to the account folded from its own stream', async () => {
    const response = await ledger.http().get('/v1/balances?localityId=096&subtree=true&limit=1000').expect(200);
    expect(response.body.balances.length).toBeGreaterThan(0);
    for (const balance of response.body.balances as Record<string, string>[]) {
      const account = await ledger.http().get(`/v1/accounts/${balance.accountId}`).expect(200);
      for (const field of ['receivedVnd', 'allocatedOutVnd', 'reallocatedOutVnd', 'returnedVnd', 'disbursedVnd', 'reversedVnd', 'availableVnd']) expect(balance[field]).toBe(account.body[field]);
      expect(balance.disbursementDeadline).toBe(account.body.disbursementDeadline);
    }
    const one = await ledger.http().get('/v1/balances/DTTS.2024.103.DTPT.NSTW.DA4').expect(200);
    expect(one.body).toMatchObject({ accountId: 'DTTS.2024.103.DTPT.NSTW.DA4', reallocatedInVnd: '2000000000', disbursementDeadline: '2025-12-31' });
    await ledger.http().get('/v1/balances/DTTS.2024.103.DTPT.NSTW.DA9').expect(404);
  });

  it('reads its own writes: a query given the command’s position waits for it', async () => {
    const account = 'DTTS.2024.096.DTPT.NSTW.DA4';
    const before = await ledger.http().get(`/v1/balances/${account}`).expect(200);
    const command = await ledger
      .http()
      .post(`/v1/accounts/${account}/disbursements`)
      .send({ commandId: newCommandId(), amountVnd: '1000000', voucherRef: `KBNN-RYW-${Date.now()}`, disbursedOn: '2024-11-30' })
      .expect(201);
    const after = await ledger.http().get(`/v1/balances/${account}`).set('X-Min-Position', command.body.position).expect(200);
    expect(BigInt(after.body.position)).toBeGreaterThanOrEqual(BigInt(command.body.position));
    expect(BigInt(after.body.disbursedVnd)).toBe(BigInt(before.body.disbursedVnd) + 1_000_000n);
    const trail = await ledger.http().get(`/v1/audit-trail?accountId=${account}&eventTypes=FundsDisbursed&minPosition=${command.body.position}&limit=1000`).expect(200);
    expect(trail.body.entries.at(-1)).toMatchObject({ eventType: 'FundsDisbursed', amountVnd: '1000000', position: command.body.position, actorId: 'test-finance-officer' });
  });

  it('answers 503 with Retry-After when the read models do not reach the position in time', async () => {
    const runner = ledger.app.get(ReadSide).runner!;
    await runner.stop();
    try {
      const command = await ledger
        .http()
        .post('/v1/accounts/DTTS.2024.11.DTPT.NSTW._/deadline-extensions')
        // Dated: since the demo registers the 2025 structure, code 11 names two provinces over time.
        .send({ commandId: newCommandId(), newDeadline: '2025-06-30', decisionRef: '45/NQ-HĐND', effectiveDate: '2025-01-15' })
        .expect(201);
      const response = await ledger.http().get(`/v1/localities/11/rollup?minPosition=${command.body.position}`).expect(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).toMatchObject({ statusCode: 503, code: 'READ_MODEL_BEHIND', details: { minPosition: command.body.position } });
    } finally {
      await runner.start();
    }
  });

  it('refuses at once a position after the last event, which no wait could reach', async () => {
    const response = await ledger.http().get('/v1/localities/11/rollup?minPosition=999999999').expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'POSITION_BEYOND_HEAD', details: { minPosition: '999999999' } });
  });

  it('pages the audit trail of a locality subtree and of a program, with actor, decision and dates', async () => {
    const first = await ledger.http().get('/v1/audit-trail?localityId=096&subtree=true&limit=5').expect(200);
    expect(first.body.entries).toHaveLength(5);
    const second = await ledger.http().get(`/v1/audit-trail?localityId=096&subtree=true&limit=5&afterPosition=${first.body.nextAfterPosition}`).expect(200);
    expect(BigInt(second.body.entries[0].position)).toBeGreaterThan(BigInt(first.body.nextAfterPosition));
    const allocations = await ledger.http().get('/v1/audit-trail?programCode=NTM&eventTypes=FundsAllocated&effectiveFrom=2024-02-26&effectiveTo=2024-02-26&limit=1000').expect(200);
    expect(allocations.body.entries.length).toBeGreaterThan(0);
    for (const entry of allocations.body.entries) {
      expect(entry).toMatchObject({ eventType: 'FundsAllocated', programCode: 'NTM', decisionRef: '412/QĐ-UBND', effectiveDate: '2024-02-26', actorId: 'demo', actorRole: 'finance-officer' });
      expect(entry.counterpartyAccountId).toMatch(/^NTM\.2024\.[0-9]{3}\./);
    }
  });

  it('lists transfers with their state, none left in transit once the process manager has caught up', async () => {
    await ledger.settle(head);
    const inTransit = await ledger.http().get(`/v1/transfers?state=in_transit&minPosition=${head}`).expect(200);
    expect(inTransit.body.transfers).toEqual([]);
    const returned = await ledger.http().get('/v1/transfers?transferKind=return').expect(200);
    expect(returned.body.transfers).toEqual([
      expect.objectContaining({ fromAccountId: 'NTM.2024.095.SN.NSTW.ND06', toAccountId: 'NTM.2024.11.SN.NSTW.ND06', amountVnd: '150000000', state: 'completed', decisionRef: '2388/QĐ-UBND' }),
    ]);
    const one = await ledger.http().get(`/v1/transfers/${returned.body.transfers[0].transferId}`).expect(200);
    expect(one.body).toMatchObject({ transferKind: 'return', creditPosition: expect.stringMatching(/^[0-9]+$/) });
    await ledger.http().get('/v1/transfers/no-such-transfer').expect(404);
  });

  it('refuses bad query parameters with the usual error body', async () => {
    const tooMany = await ledger.http().get('/v1/audit-trail?limit=100000').expect(400);
    expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'limit' })] });
    expect((await ledger.http().get('/v1/audit-trail?eventTypes=FundsStolen').expect(400)).body.errors[0].field).toBe('eventTypes');
    expect((await ledger.http().get('/v1/balances?colour=red').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await ledger.http().get('/v1/reports/disbursement-progress').expect(400)).body.errors[0].field).toBe('planYear');
    expect((await ledger.http().get('/v1/localities/99/rollup').expect(404)).body.code).toBe('LOCALITY_NOT_FOUND');
    expect((await ledger.http().get('/v1/balances').set('X-Min-Position', 'soon').expect(400)).body.errors[0].field).toBe('X-Min-Position');
  });

  it('shows each projection’s position and lag, rebuilds one without stopping queries, and gives the same answers', async () => {
    const reportBefore = await ledger.http().get('/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11').expect(200);
    const status = await ledger.http().get('/v1/admin/projections').expect(200);
    expect(status.body.projections.map((projection: { name: string }) => projection.name)).toEqual(['registry', 'balances', 'audit-trail', 'transfers', 'approvals', 'account-history']);
    expect(status.body.runner).toMatchObject({ enabled: true, state: 'live', failure: null });
    for (const projection of status.body.projections) expect(BigInt(projection.position) + BigInt(projection.lagEvents)).toBe(BigInt(status.body.headPosition));

    const started = await ledger.http().post('/v1/admin/projections/all/rebuild').expect(202);
    expect(started.body).toMatchObject({ status: 'running', projections: ['registry', 'balances', 'audit-trail', 'transfers', 'approvals', 'account-history'] });
    // Queries keep answering while the rebuild runs.
    await ledger.http().get('/v1/localities/11/rollup').expect(200);
    await ledger.app.get(ReadSide).rebuilder.current;
    const job = await ledger.http().get(`/v1/admin/projections/rebuilds/${started.body.jobId}`).expect(200);
    expect(job.body).toMatchObject({ status: 'completed', phase: 'done', progressPercent: 100, error: null });
    const reportAfter = await ledger.http().get(`/v1/reports/disbursement-progress?planYear=2024&level=district&underLocalityId=11&minPosition=${reportBefore.body.position}`).expect(200);
    expect(reportAfter.body.rows).toEqual(reportBefore.body.rows);
    const after = await ledger.http().get('/v1/projections/status').expect(200);
    expect(after.body.rebuilds[0]).toMatchObject({ jobId: started.body.jobId, status: 'completed' });
    await ledger.http().post('/v1/admin/projections/nothing/rebuild').expect(404);
  });

  it('describes the query endpoints in the OpenAPI document', async () => {
    const document = await ledger.http().get('/openapi.json').expect(200);
    for (const path of ['/v1/balances', '/v1/balances/{accountId}', '/v1/localities/{localityId}/rollup', '/v1/reports/disbursement-progress', '/v1/audit-trail', '/v1/transfers', '/v1/admin/projections', '/v1/admin/projections/{name}/rebuild']) {
      expect(Object.keys(document.body.paths)).toContain(path);
    }
    expect(document.body.components.schemas.DisbursementReportRowView.properties.planVnd).toMatchObject({ type: 'string' });
  });
});

describe('transfers in transit', () => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('shows a debit without its credit as in transit, at both ends, until the process manager records the credit', async () => {
    const nation = 'NTM.2024.VN.DTPT.NSTW._';
    const province = 'NTM.2024.11.DTPT.NSTW._';
    let ledger = await startTestLedger(data.dir, { LEDGER_PROCESS_MANAGER: 'off' });
    let debit;
    try {
      await seedRegistry(ledger);
      await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '166500000000', decisionRef: '1603/QĐ-TTg' }).expect(201);
      debit = await ledger.http().post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '120000000000', decisionRef: '1603/QĐ-TTg' }).expect(201);
      const transfer = await ledger.http().get(`/v1/transfers/${debit.body.transferId}?minPosition=${debit.body.position}`).expect(200);
      expect(transfer.body).toMatchObject({ state: 'in_transit', creditPosition: null, debitPosition: debit.body.position, amountVnd: '120000000000' });
      expect((await ledger.http().get(`/v1/balances/${province}`).expect(200)).body).toMatchObject({ receivedVnd: '0', inTransitInVnd: '120000000000' });
      expect((await ledger.http().get(`/v1/balances/${nation}`).expect(200)).body).toMatchObject({ availableVnd: '46500000000', inTransitOutVnd: '120000000000' });
      expect((await ledger.http().get('/v1/transfers?state=in_transit&localityId=11').expect(200)).body.transfers).toHaveLength(1);
    } finally {
      await ledger.close();
    }
    ledger = await startTestLedger(data.dir);
    try {
      await ledger.settle(debit.body.position);
      const head = (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).toString();
      const transfer = await ledger.http().get(`/v1/transfers/${debit.body.transferId}?minPosition=${head}`).expect(200);
      expect(transfer.body).toMatchObject({ state: 'completed', creditPosition: head });
      expect((await ledger.http().get(`/v1/balances/${province}`).expect(200)).body).toMatchObject({ receivedVnd: '120000000000', inTransitInVnd: '0' });
    } finally {
      await ledger.close();
    }
  });
});
