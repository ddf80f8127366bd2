import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const district = 'DTTS.2024.096.DTPT.NSTW._';

describe('return funds (POST /v1/accounts/{accountId}/returns)', () => {
  const use = useUseCaseApp([AccountsHttpModule], (app) => app.fund(district, 300n));

  it('sends unspent money back to the one account that funded this one', async () => {
    const officer = await use.as('finance-officer', '096');
    const answer = await officer.post(`/v1/accounts/${district}/returns`).send({ commandId: 'ret-1', amountVnd: '100', decisionRef: 'Q', reason: 'không sử dụng hết' }).expect(201);
    expect(answer.body.transferId).toBe(answer.body.eventIds[0]);
  });

  it('refuses more than was received from the funder, and an account that never funded this one', async () => {
    const officer = await use.as('finance-officer', '096');
    expect((await officer.post(`/v1/accounts/${district}/returns`).send({ commandId: 'ret-2', amountVnd: '500', decisionRef: 'Q', reason: 'r' }).expect(422)).body.code).toBe('RETURN_EXCEEDS_FUNDING');
    const notFunder = await officer.post(`/v1/accounts/${district}/returns`).send({ commandId: 'ret-3', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q', reason: 'r' }).expect(422);
    expect(notFunder.body.code).toBe('RETURN_TARGET_NOT_A_FUNDER');
  });
});
