import { startUseCaseApp, type UseCaseApp } from '../../../../test/support/use-case-app';
import { AccountsHttpModule } from '../accounts.module';

const district = 'DTTS.2024.096.DTPT.NSTW._';

describe('read an account (GET /v1/accounts/{accountId}, GET /v1/accounts/{accountId}/events)', () => {
  let use: UseCaseApp;
  beforeAll(async () => {
    use = await startUseCaseApp([AccountsHttpModule]);
    await use.fund(district, 250n);
  });
  afterAll(() => use.close());

  it('answers the state folded from the stream with its revision as ETag, and the history in pages', async () => {
    const reporter = await use.as('reporter', '11');
    const account = await reporter.get(`/v1/accounts/${district}`).expect(200);
    expect(account.headers.etag).toBe('"0"');
    expect(account.body).toMatchObject({ accountId: district, receivedVnd: '250', availableVnd: '250' });
    const auditor = await use.as('auditor');
    const history = await auditor.get(`/v1/accounts/${district}/events?limit=1`).expect(200);
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual(['FundsReceived']);
  });

  it('answers 404 for an account with no events, and keeps readers to their jurisdiction and roles', async () => {
    const auditor = await use.as('auditor');
    expect((await auditor.get('/v1/accounts/DTTS.2024.094.DTPT.NSTW._').expect(404)).body.code).toBe('ACCOUNT_NOT_FOUND');
    expect((await (await use.as('reporter', '094')).get(`/v1/accounts/${district}`).expect(403)).body.code).toBe('OUTSIDE_JURISDICTION');
    expect((await (await use.as('reporter')).get(`/v1/accounts/${district}/events`).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
  });
});
