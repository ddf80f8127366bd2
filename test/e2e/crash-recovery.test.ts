import { makeTempDataDir, runScriptUntilKilled, startTestLedger } from './support/ledger-test-app';

const province = 'NTM.2024.11.DTPT.NSTW._';

describe.each(['after-debit', 'after-credit'] as const)('a process killed %s', (killPoint) => {
  const data = makeTempDataDir();
  afterAll(() => data.remove());

  it('completes the transfer after restart, with the credit recorded exactly once', async () => {
    const { transferId, position } = runScriptUntilKilled<{ transferId: string; position: string }>('crash-child.ts', [data.dir, killPoint], 60_000);
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
