import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDataDir, startTestLedger } from './support/ledger-test-app';

const province = 'NTM.2024.11.DTPT.NSTW._';
const repositoryRoot = join(__dirname, '..', '..');

function runChildUntilKilled(dataDir: string, killPoint: 'after-debit' | 'after-credit'): { transferId: string; position: string } {
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'crash-child.ts'), dataDir, killPoint],
    { cwd: repositoryRoot, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TS_NODE_PROJECT: join(repositoryRoot, 'tsconfig.json') } },
  );
  expect(child.signal).toBe('SIGKILL');
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as { transferId: string; position: string };
}

describe.each(['after-debit', 'after-credit'] as const)('a process killed %s', (killPoint) => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('completes the transfer after restart, with the credit recorded exactly once', async () => {
    const { transferId, position } = runChildUntilKilled(data.dir, killPoint);
    const ledger = await startTestLedger(data.dir);
    try {
      await ledger.settle(position);
      const history = await ledger.http().get(`/v1/accounts/${province}/events`).expect(200);
      const credits = history.body.events.filter((event: { type: string; data: { transferId: string } }) => event.type === 'FundsReceived' && event.data.transferId === transferId);
      expect(credits).toHaveLength(1);
      const account = await ledger.http().get(`/v1/accounts/${province}`).expect(200);
      expect(account.body).toMatchObject({ receivedVnd: '120000000000', availableVnd: '120000000000', revision: '0' });
    } finally {
      await ledger.close();
    }
  });
});
