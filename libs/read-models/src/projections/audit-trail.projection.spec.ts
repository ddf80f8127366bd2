import { ProjectionHarness, EventLog, useProjectionHarness } from '../../testing/sqlite-projection-harness';
import { cityProject, fourEyesStory, ledgerStory, province2025, provinceProject, registryEvents } from '../../testing/ledger-story';
import { auditTrailProjection } from './audit-trail.projection';

describe('audit trail projection', () => {
  const log = new EventLog();
  registryEvents(log);
  ledgerStory(log);

  const harness = useProjectionHarness(log.events, { projections: [auditTrailProjection], batchSize: 4 });

  it('keeps one row per event, in position order, registry events included', async () => {
    const rows = await harness().rowsBy('audit_events', 'position');
    expect(rows.map((row) => row.position)).toEqual(log.events.map((event) => event.position));
    expect(rows.map((row) => row.event_type)).toEqual(log.events.map((event) => event.type));
    expect(rows.map((row) => row.event_id)).toEqual(log.events.map((event) => event.id));
  });

  it('records actor, decision, amount, counterparty, effective date and recorded time of a transfer', async () => {
    const debit = log.events.find((event) => event.type === 'FundsReturned');
    const row = (await harness().rows('audit_events')).find((candidate) => candidate.position === debit?.position);
    expect(row).toMatchObject({
      event_type: 'FundsReturned',
      stream_id: `account-${cityProject}`,
      program_code: 'DTTS',
      locality_id: '094',
      amount_vnd: 5n,
      counterparty_account_id: provinceProject,
      transfer_id: 't6',
      transfer_kind: 'return',
      reason: 'Không sử dụng hết',
      actor_id: 'tester',
      actor_role: 'finance-officer',
      decision_ref: '2388/QĐ-UBND',
      effective_date: '2024-03-01',
      recorded_at: debit?.recordedAt.toISOString(),
      command_id: `cmd-${String(debit?.position)}`,
      details: null,
    });
  });

  it('records a disbursement with its voucher and payment date, and the credit side with the sender', async () => {
    const rows = await harness().rows('audit_events');
    expect(rows.find((row) => row.event_type === 'FundsDisbursed' && row.disbursement_id === 'd2')).toMatchObject({
      amount_vnd: 30n,
      voucher_ref: 'KB-2',
      disbursed_on: '2024-05-15',
      decision_ref: null,
      effective_date: '2024-05-15',
    });
    expect(rows.find((row) => row.event_type === 'FundsReceived' && row.transfer_id === 't6')).toMatchObject({
      stream_id: `account-${provinceProject}`,
      locality_id: '11',
      counterparty_account_id: cityProject,
      transfer_kind: 'return',
      amount_vnd: 5n,
    });
  });

  it('keeps registry facts and deadline extensions in details', async () => {
    const rows = await harness().rows('audit_events');
    const registered = rows.find((row) => row.event_type === 'LocalityRegistered' && row.locality_id === '096');
    expect(JSON.parse(registered?.details as string)).toMatchObject({ name: 'Huyện Mường Nhé', level: 'district', parentId: '11' });
    expect(rows.find((row) => row.event_type === 'ProgramRegistered')).toMatchObject({ program_code: 'DTTS', stream_id: 'registry-programs' });
    const extended = rows.find((row) => row.event_type === 'DisbursementDeadlineExtended');
    expect(JSON.parse(extended?.details as string)).toEqual({ previousDeadline: '2025-01-31', newDeadline: '2025-12-31' });
  });

  it('refuses to apply an event twice: a replayed batch fails instead of duplicating rows', async () => {
    const again = await ProjectionHarness.open({ projections: [auditTrailProjection] });
    try {
      await again.apply(log.events.slice(0, 3));
      const { applyBatch, CheckpointConflictError } = await import('../runner/apply-batch');
      const { EventDecoder } = await import('./decoded-event');
      const { StatementCache } = await import('../writing/bulk-writer');
      const staleTarget = [{ projection: auditTrailProjection, checkpointName: auditTrailProjection.name, physicalName: (table: string) => table, position: -1n }];
      await expect(applyBatch(again.store.writer, new StatementCache(), new EventDecoder(), staleTarget as never, log.events.slice(0, 3), 'now')).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await again.rows('audit_events')).toHaveLength(3);
    } finally {
      await again.close();
    }
  });

  describe('four-eyes', () => {
    it('records each request and the event closing it, with who asked, who decided and why', async () => {
      const fourEyes = new EventLog();
      fourEyesStory(fourEyes);
      const own = await ProjectionHarness.open({ projections: [auditTrailProjection] });
      try {
        await own.apply(fourEyes.events, 3);
        const rows = await own.rowsBy('audit_events', 'position');
        expect(rows.map((row) => [row.event_type, row.amount_vnd, row.actor_id])).toEqual([
          ['BudgetAssigned', 1_000n, 'officer-a'],
          ['MovementRequested', 400n, 'officer-a'],
          ['MovementRequested', 300n, 'officer-a'],
          ['MovementRequested', 5_000n, 'officer-a'],
          ['MovementRequested', 100n, 'officer-a'],
          ['MovementRequested', 50n, 'officer-a'],
          ['MovementApproved', 400n, 'approver-b'],
          ['FundsAllocated', 400n, 'approver-b'],
          ['FundsReceived', 400n, 'transfer-process-manager'],
          ['MovementRejected', 300n, 'approver-b'],
          ['MovementRequestExpired', 100n, 'approval-expiry'],
        ]);
        expect(rows[1]).toMatchObject({ counterparty_account_id: province2025, transfer_id: null, reason: null, decision_ref: '15/QĐ-TTg', locality_id: 'VN' });
        expect(JSON.parse(rows[1].details as string)).toEqual({ requestId: 'rq-a', movementKind: 'allocation', requestedBy: 'officer-a', expiresAt: '2024-03-04T00:00:00.000Z', thresholdVnd: '100', effectiveDate: null });
        expect(rows[6]).toMatchObject({ transfer_id: 'rq-a' });
        expect(JSON.parse(rows[6].details as string)).toEqual({ requestId: 'rq-a', movementKind: 'allocation', approvedBy: 'approver-b' });
        expect(rows[7]).toMatchObject({ transfer_id: 'rq-a', counterparty_account_id: province2025 });
        expect(rows[9]).toMatchObject({ reason: 'chưa đủ hồ sơ' });
        expect(JSON.parse(rows[9].details as string)).toEqual({ requestId: 'rq-b', movementKind: 'allocation', rejectedBy: 'approver-b' });
        expect(JSON.parse(rows[10].details as string)).toEqual({ requestId: 'rq-d', movementKind: 'allocation', expiresAt: '2024-03-02T00:00:00.000Z' });
      } finally {
        await own.close();
      }
    });
  });
});
