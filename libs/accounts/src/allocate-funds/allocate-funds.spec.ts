import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const province = 'DTTS.2024.11.DTPT.NSTW._';

describe('allocate funds (POST /v1/accounts/{accountId}/allocations)', () => {
  const use = useUseCaseApp([AccountsHttpModule], (app) => app.fund(province, 1_000n));

  it('records the debit and answers the transfer id, which is the debit’s event id', async () => {
    const officer = await use.as('finance-officer', '11');
    const answer = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: 'al-1', toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd: '400', decisionRef: '412/QĐ-UBND' }).expect(201);
    expect(answer.body.transferId).toBe(answer.body.eventIds[0]);
  });

  it('moves money only down the tree, within the funding line, within what is available', async () => {
    const officer = await use.as('finance-officer', '11');
    const up = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: 'al-2', toAccountId: 'DTTS.2024.VN.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q' }).expect(422);
    expect(up.body.code).toBe('DESTINATION_NOT_BELOW_SOURCE');
    const otherYear = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: 'al-3', toAccountId: 'DTTS.2025.096.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q' }).expect(422);
    expect(otherYear.body.code).toBe('PLAN_YEAR_MISMATCH');
    const tooMuch = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: 'al-4', toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd: '601', decisionRef: 'Q' }).expect(422);
    expect(tooMuch.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { availableVnd: '600', requestedVnd: '601' } });
    expect((await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: 'al-5', toAccountId: null, amountVnd: '1', decisionRef: 'Q' }).expect(400)).body.errors[0].field).toBe('toAccountId');
  });
});
