import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@ledger/identity';
import { RegistryService } from '@ledger/registry';
import { reorganisation2025Localities, reorganisation2025PredecessorLocalities, reorganisation2025Successions } from '@ledger/registry-import';
import { useSeededTestLedger } from './support/ledger-test-app';

interface CurlCall {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** Reads the README's `curl` examples: method, path, headers and JSON body. */
function readmeCurlCalls(): CurlCall[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1].replace(/\\\n\s*/g, ' '));
  const lines = blocks.flatMap((block) => block.split('\n')).filter((line) => line.trim().startsWith('curl '));
  return lines.map((line) => {
    const url = /'?(http:\/\/127\.0\.0\.1:3000[^'\s]*)'?/.exec(line)?.[1] ?? '';
    const method = /-X (\w+)/.exec(line)?.[1] ?? 'GET';
    const headers = Object.fromEntries([...line.matchAll(/-H '([^:]+): ([^']*)'/g)].map((match) => [match[1], match[2]]));
    const data = /-d '([^']*)'/.exec(line)?.[1];
    return { method, path: url.replace('http://127.0.0.1:3000', ''), headers, body: data === undefined ? undefined : JSON.parse(data) };
  });
}

describe('the README walk-through', () => {
  // The README is run as a user would: with the default back-dating window.
  const ledger = useSeededTestLedger({ LEDGER_BACKDATING_WINDOW_DAYS: '30' });

  it('runs as written', async () => {
    // As after `npm run demo`: the units of 1 July 2025 registered too, so code 11 names two provinces over time.
    const seed = { commandId: 'seed-2025', correlationId: 'seed-2025', causationId: 'seed-2025', actor: { id: 'test', role: 'operator', jurisdiction: null }, decisionRef: '19/2025/QĐ-TTg', effectiveDate: '2025-07-01' };
    await ledger.app.get(RegistryService).importLocalities([...reorganisation2025PredecessorLocalities, ...reorganisation2025Localities], reorganisation2025Successions, seed);
    const calls = readmeCurlCalls();
    expect(calls.length).toBeGreaterThanOrEqual(8);
    // Every call carries the token the README has the command line print, as the README says.
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const [, user, role, jurisdiction] = /cli -- token --user (\S+) --role (\S+) --jurisdiction (\S+)/.exec(readme) ?? [];
    expect(readme).toMatch(/-H "Authorization: Bearer \$TOKEN"/);
    const client = await ledger.as(role as Role, { userId: user, jurisdiction });
    const statuses: number[] = [];
    for (const call of calls) {
      let pending = call.method === 'POST' ? client.post(call.path) : client.get(call.path);
      for (const [name, value] of Object.entries(call.headers)) pending = pending.set(name, value);
      const response = call.body === undefined ? await pending : await pending.send(call.body as object);
      statuses.push(response.status);
      if (response.status === 201 && response.body.transferId) await ledger.settle(response.body.position);
      if (response.status === 422) expect(response.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { availableVnd: '6500000000', requestedVnd: '900000000000' } });
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 422, 200, 200]);
    const account = await ledger.http().get('/v1/accounts/DTTS.2024.096.DTPT.NSTW.DA4').expect(200);
    expect(account.body).toMatchObject({ receivedVnd: '9000000000', disbursedVnd: '2500000000', availableVnd: '6500000000' });
  });
});
