import { loadLedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ApprovalExpirySweeper } from '@ledger/accounts';
import { createLedgerApp } from '../../apps/api/src/app.factory';
import { makeTempDataDir, newCommandId, seedRegistry, testLedgerEnvironment, testLedgerOf, type TestLedger } from './support/ledger-test-app';
import type { HttpClient } from '../support/test-tokens';
import { nation, province } from './support/seeded-accounts';

/**
 * Four-eyes over HTTP: movements at or above their level's threshold are recorded as requests that
 * hold their amount, wait for an approver who is not the requester, and move money exactly once
 * when approved; rejection and expiry release the hold.
 */
jest.setTimeout(60_000);

const muongNhe = 'DTTS.2024.096.DTPT.NSTW._';
const dienBienPhu = 'DTTS.2024.094.DTPT.NSTW._';
const billion = 1_000_000_000n;

/** Four-eyes from 1,000 billion at the nation, 100 billion in a province and 10 billion in a district; requests live an hour; sweeps run only when the test asks. */
const fourEyesEnvironment = {
  LEDGER_APPROVAL_THRESHOLD_NATION_VND: (1_000n * billion).toString(),
  LEDGER_APPROVAL_THRESHOLD_PROVINCE_VND: (100n * billion).toString(),
  LEDGER_APPROVAL_THRESHOLD_DISTRICT_VND: (10n * billion).toString(),
  LEDGER_APPROVAL_EXPIRY_HOURS: '1',
  LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS: '3600000',
};

describe('four-eyes approval', () => {
  const data = makeTempDataDir();
  let ledger: TestLedger;
  let store: EventStore;
  /** The ledger's clock runs this far ahead of the real one; tokens keep the real clock. */
  let clockOffsetMs = 0;
  let officer: HttpClient;
  let provinceOfficer: HttpClient;
  let approver: HttpClient;
  let provinceApprover: HttpClient;

  const vnd = (amount: bigint) => amount.toString();

  async function balance(accountId: string, minPosition: string): Promise<Record<string, string>> {
    return (await ledger.http().get(`/v1/balances/${accountId}?minPosition=${minPosition}`).expect(200)).body;
  }

  async function request(client: HttpClient, path: string, body: Record<string, unknown>): Promise<{ requestId: string; position: string; body: Record<string, unknown> }> {
    const response = await client.post(path).send({ commandId: newCommandId(), decisionRef: '1603/QĐ-TTg', ...body }).expect(202);
    expect(response.headers.location).toBe(`/v1/approvals/${response.body.approvalRequest.requestId}`);
    return { requestId: response.body.approvalRequest.requestId, position: response.body.position, body: response.body };
  }

  async function headPosition(): Promise<bigint> {
    return store.headPosition();
  }

  beforeAll(async () => {
    const config = loadLedgerConfig({ ...testLedgerEnvironment, ...fourEyesEnvironment, LEDGER_DATA_DIR: data.dir });
    const app = await createLedgerApp(config, { clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
    ledger = await testLedgerOf(app, config);
    await seedRegistry(ledger);
    store = ledger.app.get<EventStore>(EVENT_STORE);
    officer = await ledger.as('finance-officer', { userId: 'can-bo-tw', jurisdiction: 'VN' });
    provinceOfficer = await ledger.as('finance-officer', { userId: 'can-bo-tinh', jurisdiction: '11' });
    approver = await ledger.as('approver', { userId: 'lanh-dao-tw', jurisdiction: 'VN' });
    provinceApprover = await ledger.as('approver', { userId: 'lanh-dao-tinh', jurisdiction: '11' });
  });
  afterAll(async () => {
    await ledger.close();
    data.remove();
  });

  it('records a budget assignment at or above the threshold as a request: 202, nothing received until approved', async () => {
    const small = await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: vnd(1_000n * billion - 1n), decisionRef: '1603/QĐ-TTg' }).expect(201);
    expect(small.body.approvalRequest).toBeUndefined();
    const held = await request(officer, `/v1/accounts/${nation}/budget-assignments`, { amountVnd: vnd(2_000n * billion) });
    expect(held.body).toMatchObject({
      accountId: nation,
      duplicate: false,
      approvalRequest: { requestId: held.requestId, state: 'pending', movementKind: 'budget-assignment', amountVnd: vnd(2_000n * billion), thresholdVnd: vnd(1_000n * billion) },
    });
    expect((await ledger.http().get(`/v1/accounts/${nation}`).expect(200)).body).toMatchObject({ receivedVnd: vnd(1_000n * billion - 1n), heldVnd: '0', pendingApprovalRequestCount: 1 });

    const approved = await approver.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(201);
    expect(approved.body).toMatchObject({ requestId: held.requestId, state: 'approved', transferId: null, accountId: nation, duplicate: false });
    expect(approved.body.eventIds).toHaveLength(2);
    expect(await balance(nation, approved.body.position)).toMatchObject({ receivedVnd: vnd(3_000n * billion - 1n), availableVnd: vnd(3_000n * billion - 1n), heldVnd: '0' });
  });

  it('holds a requested allocation: nothing moves, the hold shows in the balance and is not available to other commands', async () => {
    const held = await request(officer, `/v1/accounts/${nation}/allocations`, { toAccountId: province, amountVnd: vnd(1_500n * billion) });
    expect(held.body).toMatchObject({ transferId: null, approvalRequest: { movementKind: 'allocation', state: 'pending' } });
    expect(await balance(nation, held.position)).toMatchObject({ allocatedOutVnd: '0', heldVnd: vnd(1_500n * billion), availableVnd: vnd(1_500n * billion - 1n), inTransitOutVnd: '0' });
    const account = (await ledger.http().get(`/v1/accounts/${nation}`).expect(200)).body;
    expect(account).toMatchObject({ heldVnd: vnd(1_500n * billion), availableVnd: vnd(1_500n * billion - 1n), allocatedOutVnd: '0' });
    const transfers = await ledger.http().get(`/v1/transfers?accountId=${nation}&minPosition=${held.position}`).expect(200);
    expect(transfers.body.transfers).toEqual([]);
    await ledger.http().get(`/v1/balances/${province}?minPosition=${held.position}`).expect(404);

    // What is held cannot be spent twice: a second request for it is refused, naming the hold.
    const refused = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: vnd(1_500n * billion), decisionRef: 'Q' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { availableVnd: vnd(1_500n * billion - 1n), heldVnd: vnd(1_500n * billion) } });

    // A retry of the request answers the first result: the same request, still 202.
    const commandId = newCommandId();
    const first = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId, toAccountId: province, amountVnd: vnd(1_000n * billion), decisionRef: 'Q' }).expect(202);
    const retry = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId, toAccountId: province, amountVnd: vnd(1_000n * billion), decisionRef: 'Q' }).expect(202);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    for (const requestId of [first.body.approvalRequest.requestId, held.requestId]) {
      await approver.post(`/v1/approvals/${requestId}/rejection`).send({ commandId: newCommandId(), reason: 'trùng đề nghị' }).expect(201);
    }
  });

  it('refuses the requester’s own approval, and an approver outside the source, writing nothing', async () => {
    const held = await request(officer, `/v1/accounts/${nation}/allocations`, { toAccountId: province, amountVnd: vnd(1_000n * billion) });
    const before = await headPosition();
    // The same user holding the approver role is still the requester.
    const self = await ledger.as('approver', { userId: 'can-bo-tw', jurisdiction: 'VN' });
    const refused = await self.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(403);
    expect(refused.body).toMatchObject({ code: 'SELF_APPROVAL_NOT_ALLOWED', details: { requestId: held.requestId, requestedBy: 'can-bo-tw' } });
    const outside = await provinceApprover.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(403);
    expect(outside.body.code).toBe('OUTSIDE_JURISDICTION');
    // A finance officer signs nothing, whoever asked.
    const byOfficer = await provinceOfficer.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(403);
    expect(byOfficer.body.code).toBe('ROLE_NOT_ALLOWED');
    expect(await headPosition()).toBe(before);
    await approver.post(`/v1/approvals/${held.requestId}/rejection`).send({ commandId: newCommandId(), reason: 'thử' }).expect(201);
  });

  it('moves the money once approved, as a transfer named by the request, and reads back at the approval’s position', async () => {
    const held = await request(officer, `/v1/accounts/${nation}/allocations`, { toAccountId: province, amountVnd: vnd(1_500n * billion - 1n) });
    const commandId = newCommandId();
    const approved = await approver.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId }).expect(201);
    expect(approved.body).toMatchObject({ requestId: held.requestId, state: 'approved', transferId: held.requestId, duplicate: false, movementEventId: approved.body.eventIds[1] });
    const transfer = await ledger.http().get(`/v1/transfers/${held.requestId}?minPosition=${approved.body.position}`).expect(200);
    expect(transfer.body).toMatchObject({ transferId: held.requestId, fromAccountId: nation, toAccountId: province, amountVnd: vnd(1_500n * billion - 1n), decisionRef: '1603/QĐ-TTg' });
    await ledger.settle(approved.body.position);
    const credited = await headPosition();
    expect(await balance(nation, credited.toString())).toMatchObject({ heldVnd: '0', allocatedOutVnd: vnd(1_500n * billion - 1n), availableVnd: vnd(1_500n * billion) });
    expect(await balance(province, credited.toString())).toMatchObject({ receivedVnd: vnd(1_500n * billion - 1n), availableVnd: vnd(1_500n * billion - 1n) });

    // Retried with its command id it answers the first result; approved again under another id it is refused; money moved once.
    const retry = await approver.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId }).expect(201);
    expect(retry.body).toEqual({ ...approved.body, duplicate: true });
    const again = await ledger.as('approver', { userId: 'another-approver', jurisdiction: 'VN' });
    expect((await again.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(409)).body).toMatchObject({ code: 'APPROVAL_REQUEST_NOT_PENDING', details: { state: 'approved' } });
    await ledger.settle(await headPosition());
    const events = (await ledger.http().get(`/v1/accounts/${nation}/events?limit=1000`).expect(200)).body.events as { type: string; data: { transferId?: string; requestId?: string } }[];
    expect(events.filter((event) => event.data.transferId === held.requestId).map((event) => event.type)).toEqual(['MovementApproved', 'FundsAllocated']);
    const credits = (await ledger.http().get(`/v1/accounts/${province}/events?limit=1000`).expect(200)).body.events.filter((event: { data: { transferId?: string } }) => event.data.transferId === held.requestId);
    expect(credits).toHaveLength(1);

    // The request reads approved, with who signed and the transfer it started.
    const read = await approver.get(`/v1/approvals/${held.requestId}?minPosition=${approved.body.position}`).expect(200);
    expect(read.body).toMatchObject({ state: 'approved', recordedState: 'approved', requestedBy: 'can-bo-tw', decidedBy: 'lanh-dao-tw', transferId: held.requestId, movementKind: 'allocation', toAccountId: province });
    expect(BigInt(read.body.decisionPosition)).toBeLessThan(BigInt(approved.body.position));
  });

  it('releases the hold on rejection, with the reason; a rejected request cannot be approved', async () => {
    await ledger.settle(await headPosition());
    const held = await request(provinceOfficer, `/v1/accounts/${province}/allocations`, { toAccountId: muongNhe, amountVnd: vnd(200n * billion) });
    expect(await balance(province, held.position)).toMatchObject({ heldVnd: vnd(200n * billion), availableVnd: vnd(1_300n * billion - 1n) });
    const rejected = await provinceApprover.post(`/v1/approvals/${held.requestId}/rejection`).send({ commandId: newCommandId(), reason: 'Thiếu quyết định phê duyệt dự án' }).expect(201);
    expect(rejected.body).toMatchObject({ requestId: held.requestId, state: 'rejected', accountId: province });
    expect(await balance(province, rejected.body.position)).toMatchObject({ heldVnd: '0', availableVnd: vnd(1_500n * billion - 1n), allocatedOutVnd: '0' });
    const read = await provinceOfficer.get(`/v1/approvals/${held.requestId}?minPosition=${rejected.body.position}`).expect(200);
    expect(read.body).toMatchObject({ state: 'rejected', decidedBy: 'lanh-dao-tinh', rejectionReason: 'Thiếu quyết định phê duyệt dự án', requestedBy: 'can-bo-tinh' });
    expect((await provinceApprover.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(409)).body).toMatchObject({ code: 'APPROVAL_REQUEST_NOT_PENDING', details: { state: 'rejected' } });
    const refused = await provinceApprover.post(`/v1/approvals/${held.requestId}/rejection`).send({ commandId: newCommandId() }).expect(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain('reason');
  });

  it('lets an approver list what waits in their jurisdiction, and a finance officer their own requests', async () => {
    const funded = await provinceOfficer.post(`/v1/accounts/${province}/allocations`).send({ commandId: newCommandId(), toAccountId: muongNhe, amountVnd: vnd(50n * billion), decisionRef: '215/QĐ-UBND' }).expect(201);
    await ledger.settle(funded.body.position);
    // Moving money sideways between two districts is the province's decision: a district's own approver cannot sign it.
    const atDistrict = await request(provinceOfficer, `/v1/accounts/${muongNhe}/reallocations`, { toAccountId: dienBienPhu, amountVnd: vnd(20n * billion), reason: 'NQ 111/2024/QH15' });
    const atNation = await request(officer, `/v1/accounts/${nation}/allocations`, { toAccountId: province, amountVnd: vnd(1_000n * billion) });
    const position = atNation.position;
    const pendingFor = async (client: HttpClient, query = '') =>
      ((await client.get(`/v1/approvals?state=pending&minPosition=${position}${query}`).expect(200)).body.requests as { requestId: string }[]).map((entry) => entry.requestId);
    const districtApprover = await ledger.as('approver', { userId: 'lanh-dao-huyen', jurisdiction: '096' });
    expect(await pendingFor(districtApprover)).toEqual([atDistrict.requestId]);
    expect(await pendingFor(provinceApprover)).toEqual([atDistrict.requestId]);
    expect(await pendingFor(approver)).toEqual([atDistrict.requestId, atNation.requestId]);
    expect(await pendingFor(approver, '&localityId=11')).toEqual([atDistrict.requestId]);
    expect(await pendingFor(approver, `&accountId=${nation}`)).toEqual([atNation.requestId]);
    expect(await pendingFor(officer)).toEqual([atNation.requestId]);
    expect(await pendingFor(provinceOfficer)).toEqual([atDistrict.requestId]);
    expect(await pendingFor(await ledger.as('auditor', { jurisdiction: '11' }))).toEqual([atDistrict.requestId]);
    const page = await approver.get(`/v1/approvals?state=pending&limit=1&minPosition=${position}`).expect(200);
    expect(page.body.requests.map((entry: { requestId: string }) => entry.requestId)).toEqual([atDistrict.requestId]);
    expect((await approver.get(`/v1/approvals?state=pending&limit=1&afterPosition=${page.body.nextAfterPosition}`).expect(200)).body.requests.map((entry: { requestId: string }) => entry.requestId)).toEqual([atNation.requestId]);
    // Outside a token's jurisdiction a request is forbidden; another officer's request is not found for a finance officer.
    expect((await provinceOfficer.get(`/v1/approvals/${atNation.requestId}`).expect(403)).body.code).toBe('OUTSIDE_JURISDICTION');
    const otherOfficer = await ledger.as('finance-officer', { userId: 'someone-else', jurisdiction: 'VN' });
    expect((await otherOfficer.get(`/v1/approvals/${atNation.requestId}`).expect(404)).body.code).toBe('APPROVAL_REQUEST_NOT_FOUND');
    expect((await provinceApprover.get('/v1/approvals?localityId=01').expect(403)).body.code).toBe('OUTSIDE_JURISDICTION');
    expect((await (await ledger.as('reporter')).get('/v1/approvals').expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');

    expect((await districtApprover.post(`/v1/approvals/${atDistrict.requestId}/approval`).send({ commandId: newCommandId() }).expect(403)).body).toMatchObject({
      code: 'OUTSIDE_JURISDICTION',
      details: { accountId: dienBienPhu },
    });
    const signed = await provinceApprover.post(`/v1/approvals/${atDistrict.requestId}/approval`).send({ commandId: newCommandId() }).expect(201);
    await ledger.settle(signed.body.position);
    expect(await balance(dienBienPhu, (await headPosition()).toString())).toMatchObject({ receivedVnd: vnd(20n * billion), reallocatedInVnd: vnd(20n * billion) });
    await approver.post(`/v1/approvals/${atNation.requestId}/rejection`).send({ commandId: newCommandId(), reason: 'dọn' }).expect(201);
    expect((await approver.post('/v1/approvals/0190a1b2-0000-7000-8000-000000000009/approval').send({ commandId: newCommandId() }).expect(404)).body.code).toBe('APPROVAL_REQUEST_NOT_FOUND');
  });

  it('expires a request nobody approved in time: it cannot be approved, and the sweep releases its hold once', async () => {
    await ledger.settle(await headPosition());
    const held = await request(provinceOfficer, `/v1/accounts/${province}/allocations`, { toAccountId: dienBienPhu, amountVnd: vnd(300n * billion) });
    const expiresAt = (held.body.approvalRequest as { expiresAt: string }).expiresAt;
    expect(Date.parse(expiresAt) - Date.now() - clockOffsetMs).toBeGreaterThan(3_500_000);
    clockOffsetMs += 3_600_000;

    const refused = await provinceApprover.post(`/v1/approvals/${held.requestId}/approval`).send({ commandId: newCommandId() }).expect(409);
    expect(refused.body).toMatchObject({ code: 'APPROVAL_REQUEST_EXPIRED', details: { expiresAt } });
    // Past its expiry it reads expired at once; its hold stays until the ledger records the expiry.
    const lapsed = (await provinceApprover.get(`/v1/approvals/${held.requestId}`).expect(200)).body;
    expect(lapsed).toMatchObject({ state: 'expired', recordedState: 'pending' });
    expect((await provinceApprover.get('/v1/approvals?state=pending').expect(200)).body.requests).toEqual([]);
    expect(await balance(province, held.position)).toMatchObject({ heldVnd: vnd(300n * billion) });

    const sweeper = ledger.app.get(ApprovalExpirySweeper);
    expect(await sweeper.sweep()).toEqual({ expired: 1, alreadyClosed: 0, failed: 0 });
    const after = await headPosition();
    expect(await balance(province, after.toString())).toMatchObject({ heldVnd: '0', availableVnd: vnd(1_450n * billion - 1n) });
    expect((await provinceApprover.get(`/v1/approvals/${held.requestId}?minPosition=${after}`).expect(200)).body).toMatchObject({ state: 'expired', recordedState: 'expired', decidedBy: null });
    // Swept again — as after a crash before the read model saw the expiry — nothing expires twice.
    expect((await sweeper.sweep()).expired).toBe(0);
    const events = (await ledger.http().get(`/v1/accounts/${province}/events?limit=1000`).expect(200)).body.events as { type: string; data: { requestId?: string }; metadata: Record<string, unknown> }[];
    const expiries = events.filter((event) => event.type === 'MovementRequestExpired' && event.data.requestId === held.requestId);
    expect(expiries).toHaveLength(1);
    expect(expiries[0].metadata).toMatchObject({ commandId: `ledger/approval-expiry/${held.requestId}`, actor: { id: 'approval-expiry', role: 'system', jurisdiction: null }, decisionRef: '1603/QĐ-TTg' });
  });

  it('shows every request and decision in the audit trail, with who asked and who decided', async () => {
    const head = await headPosition();
    const auditor = await ledger.as('auditor');
    const trail = await auditor.get(`/v1/audit-trail?accountId=${province}&eventTypes=MovementRequested,MovementApproved,MovementRejected,MovementRequestExpired&limit=1000&minPosition=${head}`).expect(200);
    const types = (trail.body.entries as { eventType: string }[]).map((entry) => entry.eventType);
    expect(new Set(types)).toEqual(new Set(['MovementRequested', 'MovementRejected', 'MovementRequestExpired']));
    const nationTrail = await auditor.get(`/v1/audit-trail?accountId=${nation}&eventTypes=MovementApproved&minPosition=${head}`).expect(200);
    expect(nationTrail.body.entries.map((entry: { actorId: string }) => entry.actorId)).toEqual(['lanh-dao-tw', 'lanh-dao-tw']);
  });
});
