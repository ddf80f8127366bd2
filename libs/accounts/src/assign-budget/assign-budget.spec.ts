import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const nation = 'DTTS.2024.VN.DTPT.NSTW._';

describe('assign a budget (POST /v1/accounts/{accountId}/budget-assignments)', () => {
  const use = useUseCaseApp([AccountsHttpModule]);

  it('records BudgetAssigned for a national finance officer, and refuses money entering below its level', async () => {
    const officer = await use.as('finance-officer');
    const answer = await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: 'a-1', amountVnd: '729500000000', decisionRef: '1603/QĐ-TTg' }).expect(201);
    expect(answer.body).toMatchObject({ accountId: nation, revision: '0', duplicate: false });
    const below = await officer.post('/v1/accounts/DTTS.2024.11.DTPT.NSTW._/budget-assignments').send({ commandId: 'a-2', amountVnd: '1', decisionRef: 'Q' }).expect(422);
    expect(below.body.code).toBe('ASSIGNMENT_LEVEL_INVALID');
  });

  it('needs a decision, whole đồng, and a national jurisdiction for central money', async () => {
    const officer = await use.as('finance-officer');
    expect((await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: 'a-3', amountVnd: '1' }).expect(400)).body.errors[0].field).toBe('decisionRef');
    expect((await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: 'a-4', amountVnd: '1.5', decisionRef: 'Q' }).expect(400)).body.errors[0].field).toBe('amountVnd');
    const provincial = await use.as('finance-officer', '11');
    expect((await provincial.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: 'a-5', amountVnd: '1', decisionRef: 'Q' }).expect(403)).body.code).toBe('OUTSIDE_JURISDICTION');
  });
});
