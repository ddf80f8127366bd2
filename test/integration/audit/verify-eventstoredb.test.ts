import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { runCliInProcess } from '../../support/cli-in-process';

/*
 * `audit verify` over an EventStoreDB connection (TEST DOUBLE, NOT A SERVER: the wire-level double
 * of test/esdb-double, which speaks the protocol the adapter uses). The demo is written through the
 * adapter; the history verifies clean; an event appended behind the ledger's back, straight with
 * the client as anyone with write access could, is found and named.
 */

jest.setTimeout(180_000);

describe('audit verify on EventStoreDB (test double)', () => {
  let double: EsdbTestDouble;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    double = await EsdbTestDouble.start();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-verify-esdb-'));
    env = { LEDGER_EVENT_STORE_URL: double.connectionString };
    const demo = await runCliInProcess(dataDir, ['demo'], env);
    expect(demo.exitCode).toBe(0);
  });

  afterAll(async () => {
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function verify(): Promise<{ exitCode: number | null; report: { chain: { firstBreak: { kind: string; streamId: string } | null; breaks: unknown[]; events?: number } } }> {
    const run = await runCliInProcess(dataDir, ['audit', 'verify', '--json'], env);
    // A run that printed no report failed before verifying: its exit code and message say why.
    if (run.stdout.trim() === '') throw new Error(`audit verify printed no report (exit ${String(run.exitCode)}): ${run.stderr}`);
    return { exitCode: run.exitCode, report: JSON.parse(run.stdout) };
  }

  it('verifies the history written through the adapter clean (exit 0)', async () => {
    const found = await verify();
    expect(found.exitCode).toBe(0);
    expect(found.report.chain).toMatchObject({ firstBreak: null, breaks: [] });
  });

  it('names the stream of an event appended behind the ledger’s back (exit 1)', async () => {
    const client = EventStoreDBClient.connectionString(double.connectionString);
    let stream = '';
    try {
      // An account stream the demo wrote (its events are linked).
      for await (const resolved of client.readAll({ maxCount: 500 })) {
        const streamId = resolved.event?.streamId ?? '';
        if (streamId.startsWith('account-')) {
          stream = streamId;
          break;
        }
      }
      expect(stream).not.toBe('');
      // A payment nobody recorded through the ledger: well-formed, but with no hash link of its own.
      await client.appendToStream(stream, jsonEvent({ type: 'FundsDisbursed', data: { disbursementId: 'forged', amountVnd: '1000000000', voucherRef: 'KBNN-FORGED', disbursedOn: '2024-06-30' }, metadata: { commandId: 'forged' } }));
    } finally {
      await client.dispose();
    }
    const found = await verify();
    expect(found.exitCode).toBe(1);
    expect(found.report.chain.firstBreak).toMatchObject({ streamId: stream });
  });

  it('names a whole stream appended behind the ledger’s back, after the history began to be linked', async () => {
    const client = EventStoreDBClient.connectionString(double.connectionString);
    const stream = 'account-DTTS.2024.999.DTPT.NSTW._';
    try {
      await client.appendToStream(stream, jsonEvent({ type: 'FundsReceived', data: { transferId: 'forged', fromAccountId: 'DTTS.2024.VN.DTPT.NSTW._', amountVnd: '1000000000' }, metadata: { commandId: 'forged-2' } }));
    } finally {
      await client.dispose();
    }
    const found = await verify();
    expect(found.exitCode).toBe(1);
    expect(found.report.chain.breaks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'link-missing', streamId: stream })]));
  });
});
