import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const muongNhe = 'DTTS.2024.096.DTPT.NSTW._';
const dienBienPhu = 'DTTS.2024.094.DTPT.NSTW._';

describe('reallocate funds (POST /v1/accounts/{accountId}/reallocations)', () => {
  const use = useUseCaseApp([AccountsHttpModule], (app) => app.fund(muongNhe, 500n));

  it('moves money sideways between sibling districts, with a reason, by the province’s decision', async () => {
    const provincial = await use.as('finance-officer', '11');
    const answer = await provincial.post(`/v1/accounts/${muongNhe}/reallocations`).send({ commandId: 'r-1', toAccountId: dienBienPhu, amountVnd: '100', decisionRef: 'NQ 111/2024/QH15', reason: 'khả năng giải ngân' }).expect(201);
    expect(answer.body.transferId).toBe(answer.body.eventIds[0]);
  });

  it('needs a reason, refuses moving down, and a district officer may not move money to another district', async () => {
    const provincial = await use.as('finance-officer', '11');
    expect((await provincial.post(`/v1/accounts/${muongNhe}/reallocations`).send({ commandId: 'r-2', toAccountId: dienBienPhu, amountVnd: '1', decisionRef: 'Q' }).expect(400)).body.errors[0].field).toBe('reason');
    const down = await provincial.post(`/v1/accounts/${muongNhe}/reallocations`).send({ commandId: 'r-3', toAccountId: 'DTTS.2024.03160.DTPT.NSTW._', amountVnd: '1', decisionRef: 'Q', reason: 'r' }).expect(422);
    expect(down.body.code).toBe('REALLOCATION_NOT_SIDEWAYS');
    const district = await use.as('finance-officer', '096');
    expect((await district.post(`/v1/accounts/${muongNhe}/reallocations`).send({ commandId: 'r-4', toAccountId: dienBienPhu, amountVnd: '1', decisionRef: 'Q', reason: 'r' }).expect(403)).body.code).toBe('OUTSIDE_JURISDICTION');
  });
});
