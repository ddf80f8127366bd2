import { runCliInProcess } from '../support/cli-in-process';
import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, type TestLedger } from './support/ledger-test-app';
import { nation, province, district } from './support/seeded-accounts';

/*
 * `audit replay` against the API: the history the command line folds from the event file is the
 * audit trail the API serves from its read model, entry for entry, and its running balance ends
 * where the account stands; a reversal names the payment it corrects in both.
 */

jest.setTimeout(90_000);

const otherDistrict = 'DTTS.2024.094.DTPT.NSTW._';

/** The fields the trail and the replay share. */
const shared = ['position', 'eventId', 'eventType', 'accountId', 'amountVnd', 'counterpartyAccountId', 'effectiveDate', 'recordedAt', 'actorId', 'decisionRef', 'corrects'] as const;
type SharedEntry = Record<(typeof shared)[number], string | null>;
const pick = (entry: Record<string, unknown>): SharedEntry => Object.fromEntries(shared.map((field) => [field, entry[field] === null || entry[field] === undefined ? null : String(entry[field])])) as SharedEntry;

describe('audit replay', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;
  let trail: { account: SharedEntry[]; subtree: SharedEntry[] };
  let districtNow: Record<string, string>;
  let payment: { id: string; position: string };

  beforeAll(async () => {
    ledger = await startTestLedger(data.dir);
    await seedRegistry(ledger);
    const officer = await ledger.as('finance-officer');
    await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1000000', decisionRef: 'Q1', effectiveDate: '2024-01-05' }).expect(201);
    const toProvince = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '600000', decisionRef: 'Q2' }).expect(201);
    await ledger.settle(toProvince.body.position);
    for (const [to, amountVnd] of [[district, '300000'], [otherDistrict, '100000']]) {
      const moved = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: newCommandId(), toAccountId: to, amountVnd, decisionRef: 'Q3' }).expect(201);
      await ledger.settle(moved.body.position);
    }
    const paid = await officer.post(`/v1/accounts/${district}/disbursements`).send({ commandId: newCommandId(), amountVnd: '120000', voucherRef: 'KB-1', disbursedOn: '2024-06-14' }).expect(201);
    payment = { id: paid.body.disbursementId, position: paid.body.position };
    await officer.post(`/v1/accounts/${district}/disbursements`).send({ commandId: newCommandId(), amountVnd: '30000', voucherRef: 'KB-2', disbursedOn: '2024-06-20' }).expect(201);
    const reversed = await officer.post(`/v1/accounts/${district}/disbursements/${payment.id}/reversal`).send({ commandId: newCommandId(), reason: 'Kho bạc từ chối' }).expect(201);
    const auditor = await ledger.as('auditor');
    const read = async (query: string) => ((await auditor.get(`/v1/audit-trail?${query}&limit=1000&minPosition=${reversed.body.position}`).expect(200)).body.entries as Record<string, unknown>[]).filter((entry) => entry.accountId !== null).map(pick);
    trail = { account: await read(`accountId=${district}`), subtree: await read('localityId=11&subtree=true') };
    districtNow = (await auditor.get(`/v1/accounts/${district}`).expect(200)).body;
    await ledger.close();
  });

  afterAll(() => data.remove());

  async function replay(args: readonly string[]): Promise<Record<string, string | null>[]> {
    const run = await runCliInProcess(data.dir, ['audit', 'replay', ...args, '--format', 'jsonl']);
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
    return run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string | null>);
  }

  it('prints an account’s history as the API’s audit trail has it, with running balances that end where the account stands', async () => {
    const entries = await replay(['--account', district]);
    expect(entries.map(pick)).toEqual(trail.account);
    expect(entries.map((entry) => entry.eventType)).toEqual(['FundsReceived', 'FundsDisbursed', 'FundsDisbursed', 'DisbursementReversed']);
    expect(entries.map((entry) => entry.availableVnd)).toEqual(['300000', '180000', '150000', '270000']);
    expect(entries.at(-1)).toMatchObject({ availableVnd: districtNow.availableVnd, netDisbursedVnd: '30000', corrects: payment.id });
    expect(entries.find((entry) => entry.eventId === payment.id)).toMatchObject({ eventType: 'FundsDisbursed', corrects: null });
  });

  it('prints a subtree’s history as the API’s trail of that subtree', async () => {
    expect((await replay(['--locality', '11', '--subtree'])).map(pick)).toEqual(trail.subtree);
    const provinceOnly = await replay(['--locality', '11', '--program', 'DTTS']);
    expect(new Set(provinceOnly.map((entry) => entry.accountId))).toEqual(new Set([province]));
  });

  it('prints between positions or effective dates, as a table or CSV, and refuses what it cannot do', async () => {
    const between = await replay(['--account', district, '--from-position', payment.position, '--to-position', payment.position]);
    expect(between.map((entry) => [entry.eventId, entry.availableVnd])).toEqual([[payment.id, '180000']]);
    const byDate = await replay(['--account', district, '--from-date', '2024-06-15', '--to-date', '2024-06-30']);
    expect(byDate.map((entry) => entry.effectiveDate)).toEqual(['2024-06-20']);

    const table = await runCliInProcess(data.dir, ['audit', 'replay', '--account', district]);
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ *position +effectiveDate/);
    expect(lines).toHaveLength(1 + trail.account.length);
    const csv = await runCliInProcess(data.dir, ['audit', 'replay', '--account', district, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('position,effectiveDate,recordedAt,accountId,eventType,amountVnd,counterpartyAccountId,corrects,availableVnd,heldVnd,netDisbursedVnd,actorId,decisionRef,eventId');

    expect((await runCliInProcess(data.dir, ['audit', 'replay'])).exitCode).toBe(2);
    expect((await runCliInProcess(data.dir, ['audit', 'replay', '--account', district, '--subtree'])).exitCode).toBe(2);
    expect((await runCliInProcess(data.dir, ['audit', 'replay', '--account', 'DTTS.2024.095.DTPT.NSTW._'])).exitCode).toBe(3);
    expect((await runCliInProcess(data.dir, ['audit', 'replay', '--account', district, '--from-date', '2024-02-30'])).exitCode).toBe(2);
  });
});
