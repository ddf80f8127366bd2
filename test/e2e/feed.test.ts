import { EventEmitter } from 'node:events';
import { firstValueFrom, take, toArray } from 'rxjs';
import { ReadSide } from '@ledger/read-models';
import { feedConnectionsPerUserMax } from '../../libs/reports/src/follow-feed/feed-connections';
import { feedStream, type FeedSink } from '../../libs/reports/src/follow-feed/feed-stream';
import { readSse, takeEvents } from '../support/sse-client';
import { newCommandId, useSeededTestLedger } from './support/ledger-test-app';
import { nation, province, district } from './support/seeded-accounts';

jest.setTimeout(60_000);

describe('GET /v1/feed: what changes, as server-sent events', () => {
  const ledger = useSeededTestLedger();
  let base: string;
  let head: string;

  beforeAll(async () => {
    await ledger.app.listen(0, '127.0.0.1');
    base = await ledger.app.getUrl();
    const officer = await ledger.as('finance-officer');
    await officer.post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '1000000', decisionRef: 'Q', effectiveDate: '2024-01-05' }).expect(201);
    const toProvince = await officer.post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '600000', decisionRef: 'Q' }).expect(201);
    await ledger.settle(toProvince.body.position);
    const toDistrict = await officer.post(`/v1/accounts/${province}/allocations`).send({ commandId: newCommandId(), toAccountId: district, amountVnd: '400000', decisionRef: 'Q' }).expect(201);
    await ledger.settle(toDistrict.body.position);
    for (let index = 0; index < 6; index += 1) {
      const paid = await officer
        .post(`/v1/accounts/${district}/disbursements`)
        .send({ commandId: newCommandId(), amountVnd: String(10_000 + index), voucherRef: `KB-${index}`, disbursedOn: '2024-06-14', decisionRef: 'Q' })
        .expect(201);
      head = paid.body.position;
    }
    await ledger.http().get(`/v1/audit-trail?localityId=11&minPosition=${head}`).expect(200);
  });

  async function open(path: string, role: 'reporter' | 'auditor' | 'finance-officer' = 'reporter', options: { jurisdiction?: string; userId?: string; lastEventId?: string; signal?: AbortSignal } = {}): Promise<Response> {
    const token = await ledger.tokens.token(role, { jurisdiction: options.jurisdiction ?? 'VN', userId: options.userId });
    return fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...(options.lastEventId ? { 'Last-Event-ID': options.lastEventId } : {}) }, signal: options.signal });
  }

  /** The balance-changing entries of the audit trail under a locality: what the feed must send, in order. */
  async function expectedPositions(localityId: string): Promise<string[]> {
    const trail = await ledger.http().get(`/v1/audit-trail?localityId=${localityId}&subtree=true&limit=1000`).expect(200);
    const types = new Set(['BudgetAssigned', 'FundsAllocated', 'FundsReceived', 'FundsDisbursed']);
    return (trail.body.entries as { position: string; eventType: string }[]).filter((entry) => types.has(entry.eventType)).map((entry) => entry.position);
  }

  it('sends the balance changes under a locality in position order, each with its position as the id, and ends where asked', async () => {
    const response = await open(`/v1/feed?localityId=11&afterPosition=0&throughPosition=${head}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = [];
    for await (const event of readSse(response)) if (event.type === 'balance') events.push(event);
    const expected = await expectedPositions('11');
    expect(events.map((event) => event.id)).toEqual(expected);
    const last = JSON.parse(events[events.length - 1].data);
    expect(last).toMatchObject({ position: head, eventType: 'FundsDisbursed', accountId: district, localityId: '096', programCode: 'DTTS', amountVnd: '10005' });
  });

  it('resumes after a dropped connection from Last-Event-ID, with nothing missed or doubled', async () => {
    const expected = await expectedPositions('11');
    const controller = new AbortController();
    const first = await takeEvents(readSse(await open('/v1/feed?localityId=11&afterPosition=0', 'reporter', { signal: controller.signal })), 3, 'balance');
    controller.abort();
    const resumed = [];
    const second = await open(`/v1/feed?localityId=11&afterPosition=0&throughPosition=${head}`, 'reporter', { lastEventId: first[first.length - 1].id });
    for await (const event of readSse(second)) if (event.type === 'balance') resumed.push(event);
    expect([...first, ...resumed].map((event) => event.id)).toEqual(expected);
  });

  it('follows the ledger live: a command made while the feed is open arrives on it', async () => {
    const controller = new AbortController();
    const events = readSse(await open('/v1/feed?localityId=096', 'reporter', { jurisdiction: '096', signal: controller.signal }));
    const officer = await ledger.as('finance-officer');
    const arriving = takeEvents(events, 1, 'balance');
    // The feed starts from the audit trail's position when it answered (its headers are out): only what comes after.
    const paid = await officer.post(`/v1/accounts/${district}/disbursements`).send({ commandId: newCommandId(), amountVnd: '777', voucherRef: 'KB-live', disbursedOn: '2024-06-15', decisionRef: 'Q' }).expect(201);
    const [event] = await arriving;
    controller.abort();
    expect(event.id).toBe(paid.body.position);
    expect(JSON.parse(event.data)).toMatchObject({ amountVnd: '777', eventType: 'FundsDisbursed' });
  });

  it('filters by program: another program’s money does not appear', async () => {
    const response = await open(`/v1/feed?localityId=11&programCode=NTM&afterPosition=0&throughPosition=${head}`);
    const events = [];
    for await (const event of readSse(response)) if (event.type === 'balance') events.push(event);
    expect(events).toEqual([]);
  });

  it(`bounds the connections per user at ${feedConnectionsPerUserMax}: one more is refused with 429, and a closed one frees its place`, async () => {
    const controllers = Array.from({ length: feedConnectionsPerUserMax }, () => new AbortController());
    const opened = await Promise.all(controllers.map((controller) => open('/v1/feed?localityId=11', 'reporter', { userId: 'busy-reporter', signal: controller.signal })));
    expect(opened.map((response) => response.status)).toEqual(controllers.map(() => 200));
    const refused = await open('/v1/feed?localityId=11', 'reporter', { userId: 'busy-reporter' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    // Another user is not affected.
    const other = new AbortController();
    expect((await open('/v1/feed?localityId=11', 'reporter', { userId: 'other-reporter', signal: other.signal })).status).toBe(200);
    other.abort();
    controllers[0].abort();
    // The server frees the place when it sees the connection close: ask until it has.
    let status = 429;
    const retry = new AbortController();
    for (let attempt = 0; attempt < 100 && status === 429; attempt += 1) {
      const response = await open('/v1/feed?localityId=11', 'reporter', { userId: 'busy-reporter', signal: retry.signal });
      status = response.status;
      if (status === 429) await response.body?.cancel();
    }
    expect(status).toBe(200);
    retry.abort();
    for (const controller of controllers) controller.abort();
  });

  it('keeps the audit feed for auditors, checks the jurisdiction and the resume position', async () => {
    expect((await open('/v1/feed?kind=audit&afterPosition=0&throughPosition=1', 'reporter')).status).toBe(403);
    const audit = await open(`/v1/feed?kind=audit&localityId=11&afterPosition=0&throughPosition=${head}`, 'auditor');
    expect(audit.status).toBe(200);
    const entries = [];
    for await (const event of readSse(audit)) if (event.type === 'audit') entries.push(JSON.parse(event.data));
    expect(entries.some((entry) => entry.actorRole === 'finance-officer')).toBe(true);
    expect((await open('/v1/feed?localityId=11', 'reporter', { jurisdiction: '096' })).status).toBe(403);
    expect((await open('/v1/feed?localityId=11', 'reporter', { lastEventId: 'abc' })).status).toBe(400);
    expect((await open('/v1/feed?localityId=11&colour=red')).status).toBe(400);
    expect((await fetch(`${base}/v1/feed`)).status).toBe(401);
  });

  it('reads no further while the connection has not drained what it was given (back-pressure)', async () => {
    const sink = Object.assign(new EventEmitter(), { writableNeedDrain: true }) as EventEmitter & FeedSink & { writableNeedDrain: boolean };
    let ended = 0;
    const received: string[] = [];
    const stream = feedStream({
      reader: ledger.app.get(ReadSide).reader,
      filter: { localityId: '11', subtree: true },
      afterPosition: -1n,
      messageOf: (entry) => ({ id: entry.position.toString(), type: 'audit', data: {} }),
      sink,
      pollMs: 5,
      onEnd: () => (ended += 1),
    });
    const subscription = stream.subscribe((message) => received.push(message.id ?? ''));
    // While the sink needs draining, the feed waits before its first read.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([]);
    subscription.unsubscribe();
    expect(ended).toBe(1);
    // Once it drains, the feed reads a page and sends it.
    sink.writableNeedDrain = false;
    const messages = await firstValueFrom(feedStream({ reader: ledger.app.get(ReadSide).reader, filter: { localityId: '11', subtree: true }, afterPosition: -1n, messageOf: (entry) => ({ id: entry.position.toString(), type: 'audit', data: {} }), sink, onEnd: () => undefined }).pipe(take(3), toArray()));
    expect(messages).toHaveLength(3);
  });
});
