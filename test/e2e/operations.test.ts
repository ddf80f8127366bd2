import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';
import { nation } from './support/seeded-accounts';

describe('operations endpoints: health and metrics', () => {
  const ledger = useSeededTestLedger();

  it('answers liveness', async () => {
    expect((await ledger.http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('is ready with the event store, the process manager and the read models up', async () => {
    const response = await ledger.http().get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.info.eventStore.status).toBe('up');
    expect(response.body.info.transferProcessManager).toMatchObject({ status: 'up', runsHere: true, running: true });
    expect(response.body.info.readModels).toMatchObject({ status: 'up', failure: null });
    expect(response.body.info.readModels['balances.position']).toMatch(/^-?[0-9]+$/);
  });

  it('counts commands by kind and outcome, and reports projection positions', async () => {
    const body = { commandId: newCommandId(), amountVnd: '1000000000000', decisionRef: '1603/QĐ-TTg', effectiveDate: '2024-01-05' };
    await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
    await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send(body).expect(201);
    const metrics = await ledger.http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/ledger_commands_total\{command="AssignBudget",outcome="accepted"\} 1/);
    expect(metrics.text).toMatch(/ledger_commands_total\{command="AssignBudget",outcome="duplicate"\} 1/);
    expect(metrics.text).toMatch(/ledger_events_appended_total [1-9]/);
    expect(metrics.text).toMatch(/ledger_projection_position\{projection="balances"\}/);
    expect(metrics.text).toMatch(/ledger_projection_position\{projection="transfer-process-manager"\}/);
  });

  it('serves Swagger UI at /docs without a token, from the installed package only, under the security policy', async () => {
    const page = await ledger.anonymous().get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('/docs/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/<script>[^<]/);
    const bundle = await ledger.anonymous().get('/docs/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    await ledger.anonymous().get('/docs/start-up.js').expect(200);
    for (const path of ['/docs/index.html', '/docs/package.json', '/docs/..%2Fpackage.json', '/docs/swagger-ui-bundle.js.map']) await ledger.anonymous().get(path).expect(404);
    const document = await ledger.anonymous().get('/openapi.json').expect(200);
    expect(document.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

