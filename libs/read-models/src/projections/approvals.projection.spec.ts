import { ProjectionHarness, EventLog } from '../../testing/sqlite-projection-harness';
import { fourEyesStory, nation2025, province2025, registryEvents } from '../../testing/ledger-story';
import { findApprovalRequest, listApprovalRequests, listDueExpiries } from '../queries/approval.queries';
import { approvalsProjection } from './approvals.projection';
import { balancesProjection } from './balances.projection';
import { registryProjection } from './registry.projection';

describe('approvals projection', () => {
  const log = new EventLog();
  registryEvents(log);
  fourEyesStory(log);
  const requestedAt = (requestId: string) => log.events.find((event) => event.type === 'MovementRequested' && event.data.requestId === requestId);
  const closedBy = (type: string, requestId: string) => log.events.find((event) => event.type === type && event.data.requestId === requestId);

  async function rowsAfter(batchSize: number) {
    const harness = await ProjectionHarness.open({ projections: [approvalsProjection] });
    try {
      await harness.apply(log.events, batchSize);
      return await harness.rowsBy('approval_requests', 'requested_position');
    } finally {
      await harness.close();
    }
  }

  it('keeps one row per request with where it stands, who asked and who decided', async () => {
    const rows = await rowsAfter(log.events.length);
    expect(rows.map((row) => [row.request_id, row.movement_kind, row.amount_vnd, row.state, row.decided_by])).toEqual([
      ['rq-a', 'allocation', 400n, 'approved', 'approver-b'],
      ['rq-b', 'allocation', 300n, 'rejected', 'approver-b'],
      ['rq-c', 'budget-assignment', 5_000n, 'pending', null],
      ['rq-d', 'allocation', 100n, 'expired', null],
      ['rq-e', 'allocation', 50n, 'pending', null],
    ]);
    expect(rows[0]).toEqual({
      request_id: 'rq-a',
      account_id: nation2025,
      program_code: 'DTTS',
      plan_year: 2025n,
      capital_type: 'DTPT',
      budget_source: 'NSTW',
      locality_id: 'VN',
      component_code: null,
      movement_kind: 'allocation',
      to_account_id: province2025,
      to_locality_id: '11',
      amount_vnd: 400n,
      threshold_vnd: 100n,
      reason: null,
      requested_by: 'officer-a',
      requester_jurisdiction: null,
      command_id: requestedAt('rq-a')?.metadata.commandId,
      decision_ref: '15/QĐ-TTg',
      effective_date: null,
      expires_at: '2024-03-04T00:00:00.000Z',
      requested_position: requestedAt('rq-a')?.position,
      requested_at: requestedAt('rq-a')?.recordedAt.toISOString(),
      state: 'approved',
      decided_by: 'approver-b',
      decided_at: closedBy('MovementApproved', 'rq-a')?.recordedAt.toISOString(),
      decision_position: closedBy('MovementApproved', 'rq-a')?.position,
      rejection_reason: null,
      transfer_id: 'rq-a',
    });
    expect(rows[1]).toMatchObject({ rejection_reason: 'chưa đủ hồ sơ', transfer_id: null, decision_position: closedBy('MovementRejected', 'rq-b')?.position });
  });

  it('gives the same rows however the batches are cut, a request and its closing apart or together', async () => {
    const whole = await rowsAfter(log.events.length);
    expect(await rowsAfter(1)).toEqual(whole);
    expect(await rowsAfter(3)).toEqual(whole);
    expect(await rowsAfter(7)).toEqual(whole);
  });

  describe('queries', () => {
    let harness: ProjectionHarness;
    beforeAll(async () => {
      harness = await ProjectionHarness.open({ projections: [registryProjection, approvalsProjection, balancesProjection] });
      await harness.apply(log.events, 4);
    });
    afterAll(() => harness.close());

    const beforeExpiry = '2024-03-03T00:00:00.000Z';
    const afterExpiry = '2024-03-05T00:00:00.000Z';
    const ids = (page: { requests: readonly { requestId: string }[] }) => page.requests.map((request) => request.requestId);

    it('lists requests by state at an instant: one pending past its expiry is expired to every reader', async () => {
      const reader = harness.store.reader;
      expect(ids((await listApprovalRequests(reader, { state: 'pending' }, beforeExpiry, -1n, 10)).value)).toEqual(['rq-c', 'rq-e']);
      expect(ids((await listApprovalRequests(reader, { state: 'expired' }, beforeExpiry, -1n, 10)).value)).toEqual(['rq-d']);
      expect(ids((await listApprovalRequests(reader, { state: 'pending' }, afterExpiry, -1n, 10)).value)).toEqual([]);
      const expired = (await listApprovalRequests(reader, { state: 'expired' }, afterExpiry, -1n, 10)).value.requests;
      expect(expired.map((request) => [request.requestId, request.state, request.recordedState])).toEqual([
        ['rq-c', 'expired', 'pending'],
        ['rq-d', 'expired', 'expired'],
        ['rq-e', 'expired', 'pending'],
      ]);
      expect(ids((await listApprovalRequests(reader, { state: 'approved' }, afterExpiry, -1n, 10)).value)).toEqual(['rq-a']);
      expect(ids((await listApprovalRequests(reader, { state: 'rejected' }, afterExpiry, -1n, 10)).value)).toEqual(['rq-b']);
    });

    it('filters by the source’s subtree, requester, account and kind, and pages by request position', async () => {
      const reader = harness.store.reader;
      expect(ids((await listApprovalRequests(reader, { localityId: 'VN' }, beforeExpiry, -1n, 10)).value)).toEqual(['rq-a', 'rq-b', 'rq-c', 'rq-d', 'rq-e']);
      expect(ids((await listApprovalRequests(reader, { localityId: '11' }, beforeExpiry, -1n, 10)).value)).toEqual([]);
      expect(ids((await listApprovalRequests(reader, { requestedBy: 'someone-else' }, beforeExpiry, -1n, 10)).value)).toEqual([]);
      expect(ids((await listApprovalRequests(reader, { accountId: nation2025, movementKind: 'budget-assignment' }, beforeExpiry, -1n, 10)).value)).toEqual(['rq-c']);
      const first = await listApprovalRequests(reader, { requestedBy: 'officer-a' }, beforeExpiry, -1n, 2);
      expect(ids(first.value)).toEqual(['rq-a', 'rq-b']);
      const second = await listApprovalRequests(reader, { requestedBy: 'officer-a' }, beforeExpiry, first.value.nextAfterPosition as bigint, 2);
      expect(ids(second.value)).toEqual(['rq-c', 'rq-d']);
      const last = await listApprovalRequests(reader, { requestedBy: 'officer-a' }, beforeExpiry, second.value.nextAfterPosition as bigint, 2);
      expect([ids(last.value), last.value.nextAfterPosition]).toEqual([['rq-e'], null]);
    });

    it('finds one request, and the pending ones whose expiry has come', async () => {
      const reader = harness.store.reader;
      const found = await findApprovalRequest(reader, 'rq-a', beforeExpiry);
      expect(found.value).toMatchObject({ requestId: 'rq-a', accountId: nation2025, amountVnd: 400n, state: 'approved', transferId: 'rq-a', toLocalityId: '11' });
      expect(found.position).toBe(log.events.at(-1)?.position);
      expect((await findApprovalRequest(reader, 'rq-x', beforeExpiry)).value).toBeUndefined();
      expect(await listDueExpiries(reader, beforeExpiry, 10)).toEqual([]);
      expect(await listDueExpiries(reader, afterExpiry, 10)).toEqual([
        { requestId: 'rq-c', accountId: nation2025, expiresAt: '2024-03-04T00:00:00.000Z' },
        { requestId: 'rq-e', accountId: nation2025, expiresAt: '2024-03-04T00:00:00.000Z' },
      ]);
      expect(await listDueExpiries(reader, afterExpiry, 1)).toHaveLength(1);
    });

    it('shows in the balances what pending requests hold, and that an assignment asked for holds nothing', async () => {
      const rows = await harness.rows('account_balances');
      expect(rows.find((row) => row.account_id === nation2025)).toMatchObject({ received_vnd: 1_000n, allocated_out_vnd: 400n, held_vnd: 50n, available_vnd: 550n, in_transit_out_vnd: 0n });
      expect(rows.find((row) => row.account_id === province2025)).toMatchObject({ received_vnd: 400n, available_vnd: 400n, held_vnd: 0n });
      const line = (await harness.rows('locality_line_totals')).find((row) => row.locality_id === 'VN' && row.plan_year === 2025n);
      expect(line).toMatchObject({ account_count: 1n, held_vnd: 50n, available_vnd: 550n });
    });
  });
});
