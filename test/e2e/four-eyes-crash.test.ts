import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { makeTempDataDir, newCommandId, runScriptUntilKilled, startTestLedger } from './support/ledger-test-app';
import { crashChildEnvironment, crashNation, crashProvince } from './support/four-eyes-crash-scenario';

jest.setTimeout(120_000);

describe.each(['approval-recorded', 'credit-recorded'] as const)('a process killed with its approval %s', (killPoint) => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('moves the money exactly once after restart, whether the approval is retried or sent again', async () => {
    const { requestId, approvalCommandId } = runScriptUntilKilled<{ requestId: string; approvalCommandId: string }>('four-eyes-crash-child.ts', [data.dir, killPoint], 90_000);
    const ledger = await startTestLedger(data.dir, crashChildEnvironment);
    try {
      const approver = await ledger.as('approver', { userId: 'lanh-dao-tw' });
      // The client never had its answer: retrying with the same command id answers the recorded approval.
      const retried = await approver.post(`/v1/approvals/${requestId}/approval`).send({ commandId: approvalCommandId }).expect(201);
      expect(retried.body).toMatchObject({ requestId, state: 'approved', transferId: requestId, duplicate: true });
      // Sent again under another id, or by another approver, it is refused: the request is closed.
      const again = await ledger.as('approver', { userId: 'another-approver' });
      expect((await again.post(`/v1/approvals/${requestId}/approval`).send({ commandId: newCommandId() }).expect(409)).body).toMatchObject({ code: 'APPROVAL_REQUEST_NOT_PENDING', details: { state: 'approved' } });

      // The process manager re-drives the credit (its checkpoint may be behind): recorded once.
      const head = await ledger.app.get<EventStore>(EVENT_STORE).headPosition();
      await ledger.settle(head);
      const sourceEvents = (await ledger.http().get(`/v1/accounts/${crashNation}/events`).expect(200)).body.events as { type: string; data: { transferId?: string } }[];
      expect(sourceEvents.map((event) => event.type)).toEqual(['BudgetAssigned', 'BudgetAssigned', 'MovementRequested', 'MovementApproved', 'FundsAllocated']);
      const credits = (await ledger.http().get(`/v1/accounts/${crashProvince}/events`).expect(200)).body.events as { type: string; data: { transferId?: string } }[];
      expect(credits.map((event) => [event.type, event.data.transferId])).toEqual([['FundsReceived', requestId]]);
      expect((await ledger.http().get(`/v1/accounts/${crashNation}`).expect(200)).body).toMatchObject({ allocatedOutVnd: '12000000000', heldVnd: '0', availableVnd: '7999999998' });
      expect((await ledger.http().get(`/v1/accounts/${crashProvince}`).expect(200)).body).toMatchObject({ receivedVnd: '12000000000', availableVnd: '12000000000' });
      expect((await ledger.http().get(`/v1/balances/${crashNation}?minPosition=${head}`).expect(200)).body).toMatchObject({ heldVnd: '0', allocatedOutVnd: '12000000000' });
    } finally {
      await ledger.close();
    }
  });
});
