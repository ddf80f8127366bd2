import { makeTempDataDir, newCommandId, seedRegistry, startTestLedger, type TestLedger, useSeededTestLedger } from './support/ledger-test-app';

const nation = 'GNBV.2024.VN.SN.NSTW._';
const province = 'GNBV.2024.11.SN.NSTW._';

async function eventsOf(ledger: TestLedger, accountId: string) {
  const response = await ledger.http().get(`/v1/accounts/${accountId}/events?limit=1000`).expect(200);
  return response.body.events as { type: string; data: Record<string, string>; metadata: Record<string, unknown> }[];
}

describe('idempotent retries', () => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('answers a retry with the first result and writes nothing, even after a restart', async () => {
    let ledger = await startTestLedger(data.dir);
    await seedRegistry(ledger);
    const commandId = newCommandId('assign');
    const body = { commandId, amountVnd: '433800000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' };
    const first = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
    const retry = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });

    const allocationKey = newCommandId('allocate');
    const allocation = await ledger
      .http()
      .post(`/v1/accounts/${nation}/allocations`)
      .set('Idempotency-Key', allocationKey)
      .send({ toAccountId: province, amountVnd: '433800000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-10' })
      .expect(201);
    await ledger.settle(allocation.body.position);
    await ledger.close();

    // A new process on the same file: nothing is remembered in memory.
    ledger = await startTestLedger(data.dir);
    const afterRestart = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
    expect(afterRestart.body).toEqual({ ...first.body, duplicate: true });
    const allocationRetry = await ledger
      .http()
      .post(`/v1/accounts/${nation}/allocations`)
      .set('Idempotency-Key', allocationKey)
      .send({ toAccountId: province, amountVnd: '433800000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-10' })
      .expect(201);
    expect(allocationRetry.body).toEqual({ ...allocation.body, duplicate: true });
    const changed = await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ ...body, amountVnd: '1' }).expect(409);
    expect(changed.body.code).toBe('COMMAND_ID_REUSED');

    expect((await eventsOf(ledger, nation)).map((event) => event.type)).toEqual(['BudgetAssigned', 'FundsAllocated']);
    expect((await eventsOf(ledger, province)).map((event) => event.type)).toEqual(['FundsReceived']);
    const account = await ledger.http().get(`/v1/accounts/${nation}`).expect(200);
    expect(account.body).toMatchObject({ receivedVnd: '433800000000', allocatedOutVnd: '433800000000', availableVnd: '0' });
    await ledger.close();
  });
});

describe('50 concurrent disbursements against one account', () => {
  const ledger = useSeededTestLedger();

  it('never pays out more than was available, refuses the rest, and stores exactly the accepted ones', async () => {
    const account = 'NTM.2024.VN.SN.CSXH._';
    const availableVnd = 1_000_000_000_000n;
    await ledger.http().post(`/v1/accounts/${account}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: availableVnd.toString(), decisionRef: 'Q' }).expect(201);
    // Amounts that do not divide evenly into what is available: 50 × 37 bn asks for 1,850 bn.
    const amounts = Array.from({ length: 50 }, (_, index) => 37_000_000_000n + BigInt(index) * 1_000_003n);
    const responses = await Promise.all(
      amounts.map((amountVnd, index) =>
        ledger
          .http()
          .post(`/v1/accounts/${account}/disbursements`)
          .send({ commandId: newCommandId('pay'), amountVnd: amountVnd.toString(), voucherRef: `CONC-${index}`, disbursedOn: '2024-08-01' }),
      ),
    );
    const accepted = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status !== 201);
    const acceptedVnd = responses.reduce((sum, response, index) => (response.status === 201 ? sum + amounts[index] : sum), 0n);
    expect(accepted.length + refused.length).toBe(50);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('INSUFFICIENT_FUNDS');
    }
    expect(acceptedVnd).toBeLessThanOrEqual(availableVnd);

    const stored = (await eventsOf(ledger, account)).filter((event) => event.type === 'FundsDisbursed');
    expect(stored).toHaveLength(accepted.length);
    expect(new Set(stored.map((event) => event.data.disbursementId))).toEqual(new Set(accepted.map((response) => response.body.disbursementId)));
    const storedVnd = stored.reduce((sum, event) => sum + BigInt(event.data.amountVnd), 0n);
    expect(storedVnd).toBe(acceptedVnd);
    const balance = await ledger.http().get(`/v1/accounts/${account}`).expect(200);
    expect(BigInt(balance.body.availableVnd)).toBe(availableVnd - acceptedVnd);
    // Every refusal saw less than it asked for.
    for (const response of refused) expect(BigInt(response.body.details.availableVnd)).toBeLessThan(BigInt(response.body.details.requestedVnd));
  });
});
