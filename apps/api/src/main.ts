import { loadLedgerConfigOrExit } from '@ledger/config';
import { createLedgerApp, listen } from './app.factory';

async function main(): Promise<void> {
  const config = loadLedgerConfigOrExit();
  const app = await createLedgerApp(config);
  await listen(app, config);
}

main().catch((error: unknown) => {
  process.stderr.write(`the API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
