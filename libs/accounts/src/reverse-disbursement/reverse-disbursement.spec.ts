import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const district = 'DTTS.2024.096.DTPT.NSTW._';

describe('reverse a disbursement (POST /v1/accounts/{accountId}/disbursements/{disbursementId}/reversal)', () => {
  const use = useUseCaseApp([AccountsHttpModule], (app) => app.fund(district, 100n));

  it('reverses a disbursement once, making its money available again', async () => {
    const officer = await use.as('finance-officer', '096');
    const paid = await officer.post(`/v1/accounts/${district}/disbursements`).send({ commandId: 'p-1', amountVnd: '40', voucherRef: 'KB-1', disbursedOn: '2024-06-10' }).expect(201);
    await officer.post(`/v1/accounts/${district}/disbursements/${paid.body.disbursementId}/reversal`).send({ commandId: 'rv-1', reason: 'Kho bạc từ chối' }).expect(201);
    const again = await officer.post(`/v1/accounts/${district}/disbursements/${paid.body.disbursementId}/reversal`).send({ commandId: 'rv-2', reason: 'lần hai' }).expect(422);
    expect(again.body.code).toBe('DISBURSEMENT_ALREADY_REVERSED');
    expect((await officer.get(`/v1/accounts/${district}`).expect(200)).body).toMatchObject({ availableVnd: '100', reversedVnd: '40' });
  });

  it('refuses an id that is not one, and a disbursement the account does not have', async () => {
    const officer = await use.as('finance-officer', '096');
    expect((await officer.post(`/v1/accounts/${district}/disbursements/not%20an%20id/reversal`).send({ commandId: 'rv-3', reason: 'r' }).expect(400)).body.errors[0].field).toBe('disbursementId');
    expect((await officer.post(`/v1/accounts/${district}/disbursements/0190a1b2-0000-7000-8000-000000000001/reversal`).send({ commandId: 'rv-4', reason: 'r' }).expect(422)).body.code).toBe('UNKNOWN_DISBURSEMENT');
  });
});
