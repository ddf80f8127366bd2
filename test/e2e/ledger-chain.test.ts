import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';
import { nation, province } from './support/seeded-accounts';

const provinceProject = 'DTTS.2024.11.DTPT.NSTW.DA4';
const district = 'DTTS.2024.096.DTPT.NSTW.DA4';

describe('central → province → district → disbursement → reversal', () => {
  const ledger = useSeededTestLedger();

  async function balance(accountId: string) {
    const response = await ledger.http().get(`/v1/accounts/${accountId}`).expect(200);
    return response.body as Record<string, string>;
  }

  it('keeps every balance exact at each step', async () => {
    const assigned = await ledger
      .http()
      .post(`/v1/accounts/${nation}/budget-assignments`)
      .send({ commandId: newCommandId(), amountVnd: '1000000000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' })
      .expect(201);
    expect(assigned.body).toMatchObject({ accountId: nation, revision: '0', duplicate: false });
    expect(BigInt(assigned.body.position)).toBeGreaterThanOrEqual(0n);
    expect(assigned.body.eventIds).toHaveLength(1);
    expect(await balance(nation)).toMatchObject({ receivedVnd: '1000000000000', availableVnd: '1000000000000', disbursementDeadline: '2025-01-31' });

    // The actor is the token's: a header claiming another is not read.
    const officer = await ledger.as('finance-officer', { userId: 'bo-tai-chinh-01' });
    const toProvince = await officer
      .post(`/v1/accounts/${nation}/allocations`)
      .set('Idempotency-Key', newCommandId())
      .set('X-Actor-Id', 'bo-truong')
      .send({ toAccountId: province, amountVnd: '729600000000', decisionRef: '1603/QĐ-TTg' })
      .expect(201);
    expect(toProvince.body.transferId).toBe(toProvince.body.eventIds[0]);
    await ledger.settle(toProvince.body.position);
    expect(await balance(nation)).toMatchObject({ allocatedOutVnd: '729600000000', availableVnd: '270400000000' });
    expect(await balance(province)).toMatchObject({ receivedVnd: '729600000000', availableVnd: '729600000000' });

    const toProject = await ledger
      .http()
      .post(`/v1/accounts/${province}/allocations`)
      .send({ commandId: newCommandId(), toAccountId: provinceProject, amountVnd: '401280000000', decisionRef: '215/QĐ-UBND' })
      .expect(201);
    await ledger.settle(toProject.body.position);
    const toDistrict = await ledger
      .http()
      .post(`/v1/accounts/${provinceProject}/allocations`)
      .send({ commandId: newCommandId(), toAccountId: district, amountVnd: '56179200000', decisionRef: '412/QĐ-UBND' })
      .expect(201);
    await ledger.settle(toDistrict.body.position);
    expect(await balance(province)).toMatchObject({ allocatedOutVnd: '401280000000', availableVnd: '328320000000' });
    expect(await balance(provinceProject)).toMatchObject({ receivedVnd: '401280000000', allocatedOutVnd: '56179200000', availableVnd: '345100800000' });
    expect(await balance(district)).toMatchObject({ receivedVnd: '56179200000', availableVnd: '56179200000' });

    const disbursed = await ledger
      .http()
      .post(`/v1/accounts/${district}/disbursements`)
      .send({ commandId: newCommandId(), amountVnd: '12345678901', voucherRef: 'KBNN-096-0001', disbursedOn: '2024-06-14' })
      .expect(201);
    expect(disbursed.body.disbursementId).toBe(disbursed.body.eventIds[0]);
    expect(await balance(district)).toMatchObject({ disbursedVnd: '12345678901', availableVnd: '43833521099', disbursementCount: 1 });

    await ledger
      .http()
      .post(`/v1/accounts/${district}/disbursements/${disbursed.body.disbursementId}/reversal`)
      .send({ commandId: newCommandId(), reason: 'Kho bạc từ chối thanh toán' })
      .expect(201);
    expect(await balance(district)).toMatchObject({ disbursedVnd: '12345678901', reversedVnd: '12345678901', availableVnd: '56179200000', reversedDisbursementCount: 1 });

    const history = await ledger.http().get(`/v1/accounts/${district}/events`).expect(200);
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual(['FundsReceived', 'FundsDisbursed', 'DisbursementReversed']);
    const [received, payment, reversal] = history.body.events;
    expect(received.data).toMatchObject({ transferId: toDistrict.body.transferId, fromAccountId: provinceProject, amountVnd: '56179200000', transferKind: 'allocation' });
    expect(received.metadata).toMatchObject({ commandId: `ledger/transfer-credit/${toDistrict.body.transferId}`, causationId: toDistrict.body.transferId, decisionRef: '412/QĐ-UBND', schemaVersion: 2 });
    expect(payment.metadata).toMatchObject({ actor: { id: 'test-finance-officer', role: 'finance-officer', jurisdiction: 'VN', issuer: 'program-ledger' }, schemaVersion: 1 });
    expect(reversal.data).toMatchObject({ disbursementId: disbursed.body.disbursementId, amountVnd: '12345678901' });

    const provinceHistory = await ledger.http().get(`/v1/accounts/${nation}/events?direction=backwards&limit=1`).expect(200);
    expect(provinceHistory.body.events).toHaveLength(1);
    expect(provinceHistory.body.events[0].metadata).toMatchObject({ actor: { id: 'bo-tai-chinh-01', role: 'finance-officer' }, decisionRef: '1603/QĐ-TTg' });
  });

  it('reallocates sideways, extends a deadline and returns money to the parent', async () => {
    const sibling = 'DTTS.2024.103.DTPT.NSTW.DA4';
    const moved = await ledger
      .http()
      .post(`/v1/accounts/${district}/reallocations`)
      .send({ commandId: newCommandId(), toAccountId: sibling, amountVnd: '1000000000', decisionRef: '2105/QĐ-UBND', reason: 'Điều chỉnh theo tiến độ' })
      .expect(201);
    await ledger.settle(moved.body.position);
    expect(await balance(sibling)).toMatchObject({ receivedVnd: '1000000000' });

    await ledger
      .http()
      .post(`/v1/accounts/${district}/deadline-extensions`)
      .send({ commandId: newCommandId(), newDeadline: '2025-12-31', decisionRef: '45/NQ-HĐND' })
      .expect(201);
    expect(await balance(district)).toMatchObject({ disbursementDeadline: '2025-12-31' });

    const returned = await ledger
      .http()
      .post(`/v1/accounts/${district}/returns`)
      .send({ commandId: newCommandId(), amountVnd: '179200000', decisionRef: '2388/QĐ-UBND', reason: 'Không sử dụng hết' })
      .expect(201);
    await ledger.settle(returned.body.position);
    expect(await balance(district)).toMatchObject({ returnedVnd: '179200000', availableVnd: '55000000000' });
    expect(await balance(provinceProject)).toMatchObject({ receivedVnd: '401459200000', availableVnd: '345280000000' });
  });
});
