import { useUseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const district = 'DTTS.2024.096.DTPT.NSTW._';

describe('extend a disbursement deadline (POST /v1/accounts/{accountId}/deadline-extensions)', () => {
  const use = useUseCaseApp([AccountsHttpModule], (app) => app.fund(district, 100n));

  it('moves the deadline later within the law, beyond it only under a special resolution', async () => {
    const officer = await use.as('finance-officer', '11');
    await officer.post(`/v1/accounts/${district}/deadline-extensions`).send({ commandId: 'x-1', newDeadline: '2025-12-31', decisionRef: '45/NQ-HĐND' }).expect(201);
    expect((await officer.get(`/v1/accounts/${district}`).expect(200)).body.disbursementDeadline).toBe('2025-12-31');
    const beyond = await officer.post(`/v1/accounts/${district}/deadline-extensions`).send({ commandId: 'x-2', newDeadline: '2026-06-30', decisionRef: 'Q' }).expect(422);
    expect(beyond.body).toMatchObject({ code: 'EXTENSION_BEYOND_LEGAL_LIMIT', details: { maximumDeadline: '2025-12-31' } });
    await officer.post(`/v1/accounts/${district}/deadline-extensions`).send({ commandId: 'x-3', newDeadline: '2026-06-30', decisionRef: '101/2023/QH15', specialResolution: true }).expect(201);
    expect((await officer.post(`/v1/accounts/${district}/deadline-extensions`).send({ commandId: 'x-4', newDeadline: '2026-06-30', decisionRef: 'Q', specialResolution: 'yes' }).expect(400)).body.errors[0].field).toBe('specialResolution');
  });
});
