/**
 * Run as a separate process by the four-eyes crash test. It requests an allocation above the
 * threshold, sends its approval, and is killed with SIGKILL (no shutdown hooks, no checkpoint
 * flush) at the point the test names, having printed what the parent needs to retry:
 *   approval-recorded — the process manager is off: the approval and its debit are stored, the
 *                       approval's answer never sent, the credit not recorded;
 *   credit-recorded   — the process manager is on: the credit is stored, its checkpoint maybe not.
 */
import { accountStreamId, parseAccountId } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { newCommandId, seedRegistry, startTestLedger } from './ledger-test-app';
import { crashChildEnvironment, crashNation, crashProvince } from './four-eyes-crash-scenario';

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 5000 && !(await condition()); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 2));
}

async function main(): Promise<void> {
  const [dataDir, killPoint] = process.argv.slice(2);
  const ledger = await startTestLedger(dataDir, { ...crashChildEnvironment, LEDGER_PROCESS_MANAGER: killPoint === 'credit-recorded' ? 'on' : 'off' });
  await seedRegistry(ledger);
  const store = ledger.app.get<EventStore>(EVENT_STORE);
  const officer = await ledger.as('finance-officer', { userId: 'can-bo-tw' });
  const approver = await ledger.as('approver', { userId: 'lanh-dao-tw' });
  // Two assignments just below the nation's threshold of 10 billion, then an allocation above it.
  for (let index = 0; index < 2; index += 1) await officer.post(`/v1/accounts/${crashNation}/budget-assignments`).send({ commandId: newCommandId(), amountVnd: '9999999999', decisionRef: 'Q' }).expect(201);
  const held = await officer.post(`/v1/accounts/${crashNation}/allocations`).send({ commandId: newCommandId(), toAccountId: crashProvince, amountVnd: '12000000000', decisionRef: 'Q' });
  if (held.status !== 202) throw new Error(`the allocation was not held for approval: ${held.status}`);
  const requestId: string = held.body.approvalRequest.requestId;
  const approvalCommandId = newCommandId('approve');
  process.stdout.write(`${JSON.stringify({ requestId, approvalCommandId })}\n`);
  // The approval is sent and its answer never awaited: the process dies once the store has it.
  void approver.post(`/v1/approvals/${requestId}/approval`).send({ commandId: approvalCommandId }).then(() => undefined, () => undefined);
  const source = accountStreamId(parseAccountId(crashNation)!);
  await waitUntil(async () => (await store.readStream(source)).some((event) => event.type === 'MovementApproved'));
  if (killPoint === 'credit-recorded') {
    const destination = accountStreamId(parseAccountId(crashProvince)!);
    await waitUntil(async () => (await store.readStream(destination)).length > 0);
  }
  process.kill(process.pid, 'SIGKILL');
}

void main();
