import { accountStreamId, parseAccountId, type AccountKey } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { v7 as uuidv7 } from 'uuid';
import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, type TestLedger } from './support/ledger-test-app';
import { nation, province } from './support/seeded-accounts';

async function available(ledger: TestLedger, accountId: string): Promise<string> {
  return (await ledger.http().get(`/v1/accounts/${accountId}`).expect(200)).body.availableVnd;
}

async function allocate(ledger: TestLedger, amountVnd: string): Promise<{ transferId: string; position: string }> {
  const response = await ledger
    .http()
    .post(`/v1/accounts/${nation}/allocations`)
    .send({ commandId: newCommandId(), toAccountId: province, amountVnd, decisionRef: '1603/QĐ-TTg' })
    .expect(201);
  return response.body;
}

describe("transfer credits: the ledger's own command ids and parked credits", () => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('a client cannot take the command id of a credit, and the credit lands after a restart', async () => {
    // The process manager is off, so the transfer stays in transit while the attacker acts.
    const withoutCredits = await startTestLedger(data.dir, { LEDGER_PROCESS_MANAGER: 'false' });
    await seedRegistry(withoutCredits);
    await withoutCredits
      .http()
      .post(`/v1/accounts/${nation}/budget-assignments`)
      .send({ commandId: newCommandId(), amountVnd: '1000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' })
      .expect(201);
    const { transferId } = await allocate(withoutCredits, '600000');
    const inTransit = await withoutCredits.http().get('/v1/transfers?state=in_transit&minPosition=0').expect(200);
    expect(inTransit.body.transfers.map((transfer: { transferId: string }) => transfer.transferId)).toContain(transferId);

    // The id the process manager used to give credits is an ordinary client id now …
    await withoutCredits
      .http()
      .post(`/v1/accounts/${nation}/budget-assignments`)
      .set('Idempotency-Key', `transfer-credit:${transferId}`)
      .send({ amountVnd: '1', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' })
      .expect(201);
    // … and the ledger's own ids are out of a client's reach, in the header and in the body.
    const refused = await withoutCredits
      .http()
      .post(`/v1/accounts/${nation}/budget-assignments`)
      .set('Idempotency-Key', `ledger/transfer-credit/${transferId}`)
      .send({ amountVnd: '1', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' })
      .expect(400);
    expect(refused.body.errors[0].field).toBe('Idempotency-Key');
    await withoutCredits
      .http()
      .post(`/v1/accounts/${nation}/budget-assignments`)
      .send({ commandId: `ledger/transfer-credit/${transferId}`, amountVnd: '1', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' })
      .expect(400);
    await withoutCredits.close();

    const ledger = await startTestLedger(data.dir);
    try {
      const head = await ledger.app.get<EventStore>(EVENT_STORE).headPosition();
      await ledger.settle(head);
      expect(await available(ledger, province)).toBe('600000');
      const ready = await ledger.http().get('/health/ready').expect(200);
      expect(ready.body.info.transferProcessManager).toMatchObject({ running: true, degraded: false, parkedCredits: 0 });
    } finally {
      await ledger.close();
    }
  });

  it('parks a credit that can never be applied, stays up, says so, and completes the other transfers', async () => {
    const ledger = await startTestLedger(data.dir);
    try {
      // A debit no credit can answer (an amount of zero, as a damaged or foreign event would have), written straight to the store.
      const store = ledger.app.get<EventStore>(EVENT_STORE);
      const broken = uuidv7();
      await store.appendToStream(
        accountStreamId(parseAccountId(nation) as AccountKey),
        [{ id: broken, type: 'FundsAllocated', data: { transferId: broken, toAccountId: province, amountVnd: '0' }, metadata: { schemaVersion: 1 } }],
        { expectedRevision: 'any' },
      );
      const later = await allocate(ledger, '100000');
      await ledger.settle(later.position);
      expect(await available(ledger, province)).toBe('700000');

      const ready = await ledger.http().get('/health/ready').expect(200);
      expect(ready.body.info.transferProcessManager).toMatchObject({ running: true, degraded: true, parkedCredits: 1 });
      expect((await ledger.http().get('/metrics').expect(200)).text).toMatch(/^ledger_transfer_credits_parked 1$/m);
      const listed = await ledger.http().get('/v1/admin/transfers/parked-credits').expect(200);
      expect(listed.body).toMatchObject({ parkedCredits: [{ transferId: broken, code: 'CREDIT_REFUSED', attempts: 1 }], nextAfterPosition: null });
      const retried = await ledger.http().post(`/v1/admin/transfers/parked-credits/${broken}/retry`).expect(200);
      expect(retried.body).toMatchObject({ outcome: 'still-parked', parkedCredit: { transferId: broken, attempts: 2 } });
      await ledger.http().post(`/v1/admin/transfers/parked-credits/${uuidv7()}/retry`).expect(404);
      await ledger.http().post('/v1/admin/transfers/parked-credits/not%20an%20id/retry').expect(400);
      await ledger.http().get('/v1/admin/transfers/parked-credits?limit=0').expect(400);
    } finally {
      await ledger.close();
    }

    // After a restart the parked credit is still listed, and the process stays up.
    const restarted = await startTestLedger(data.dir);
    try {
      const next = await allocate(restarted, '1');
      await restarted.settle(next.position);
      expect(await available(restarted, province)).toBe('700001');
      const listed = await restarted.http().get('/v1/admin/transfers/parked-credits').expect(200);
      expect(listed.body.parkedCredits).toHaveLength(1);
      await restarted.http().get('/health/live').expect(200);
    } finally {
      await restarted.close();
    }
  });
});
