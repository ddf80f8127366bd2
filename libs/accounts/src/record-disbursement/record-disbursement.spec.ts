import { accountStreamId, parseAccountId, type AccountKey } from '@ledger/domain';
import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const district = 'DTTS.2024.096.DTPT.NSTW._';
const body = { commandId: 'pay-1', amountVnd: '2500000000', voucherRef: 'KBNN-096-000123', disbursedOn: '2024-06-14' };

describe('record a disbursement (POST /v1/accounts/{accountId}/disbursements)', () => {
  const use = useUseCaseApp([AccountsHttpModule], (app) => app.fund(district, 9_000_000_000n));

  it('records FundsDisbursed with the voucher, and names the disbursement by its event id', async () => {
    const officer = await use.as('finance-officer', '096');
    const answer = await officer.post(`/v1/accounts/${district}/disbursements`).send(body).expect(201);
    expect(answer.body).toMatchObject({ commandId: 'pay-1', accountId: district, duplicate: false, disbursementId: answer.body.eventIds[0] });
    const events = await use.store.readStream(accountStreamId(parseAccountId(district) as AccountKey));
    expect(events.at(-1)).toMatchObject({ type: 'FundsDisbursed', data: { amountVnd: '2500000000', voucherRef: 'KBNN-096-000123', disbursedOn: '2024-06-14' } });
    expect((await officer.post(`/v1/accounts/${district}/disbursements`).send(body).expect(201)).body.duplicate).toBe(true);
  });

  it('refuses bad input with the field, and broken rules with the figures', async () => {
    const officer = await use.as('finance-officer', '096');
    const invalid = await officer.post(`/v1/accounts/${district}/disbursements`).send({ ...body, commandId: 'pay-2', disbursedOn: '2024-02-30' }).expect(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field)).toEqual(['disbursedOn']);
    const tooMuch = await officer.post(`/v1/accounts/${district}/disbursements`).send({ ...body, commandId: 'pay-3', voucherRef: 'KBNN-2', amountVnd: '900000000000' }).expect(422);
    expect(tooMuch.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { availableVnd: '6500000000' } });
    expect((await officer.post(`/v1/accounts/${district}/disbursements`).send({ ...body, commandId: 'pay-4' }).expect(422)).body.code).toBe('DUPLICATE_VOUCHER');
    expect((await (await use.as('finance-officer', '094')).post(`/v1/accounts/${district}/disbursements`).send({ ...body, commandId: 'pay-5' }).expect(403)).body.code).toBe('OUTSIDE_JURISDICTION');
    expect((await (await use.as('reporter')).post(`/v1/accounts/${district}/disbursements`).send({ ...body, commandId: 'pay-6' }).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
  });
});
