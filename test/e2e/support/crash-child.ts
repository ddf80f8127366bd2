/**
 * Run as a separate process by the crash test. It issues a transfer and is then killed with
 * SIGKILL (no shutdown hooks, no checkpoint flush) at the point the test names:
 *   after-debit  — the process manager is off: the debit is stored, its credit is not;
 *   after-credit — the process manager is on: the credit is stored, its checkpoint maybe not.
 */
import { accountStreamId, parseAccountId } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { newCommandId, seedRegistry, startTestLedger } from './ledger-test-app';

async function main(): Promise<void> {
  const [dataDir, killPoint] = process.argv.slice(2);
  const ledger = await startTestLedger(dataDir, { LEDGER_PROCESS_MANAGER: killPoint === 'after-credit' ? 'on' : 'off' });
  await seedRegistry(ledger);
  const nation = 'NTM.2024.VN.DTPT.NSTW._';
  const province = 'NTM.2024.11.DTPT.NSTW._';
  await ledger.http().post(`/v1/accounts/${nation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '166500000000', decisionRef: 'Q' }).expect(201);
  const debit = await ledger.http().post(`/v1/accounts/${nation}/allocations`).send({ commandId: newCommandId(), toAccountId: province, amountVnd: '120000000000', decisionRef: 'Q' }).expect(201);
  if (killPoint === 'after-credit') {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const destination = accountStreamId(parseAccountId(province)!);
    for (let attempt = 0; attempt < 1000 && (await store.readStream(destination)).length === 0; attempt += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  process.stdout.write(`${JSON.stringify({ transferId: debit.body.transferId, position: debit.body.position })}\n`, () => process.kill(process.pid, 'SIGKILL'));
}

void main();
