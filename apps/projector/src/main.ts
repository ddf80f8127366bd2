import { loadLedgerConfigOrExit } from '@ledger/config';
import { createProjectorApp, listenProjector } from './projector.factory';

async function main(): Promise<void> {
  const config = loadLedgerConfigOrExit();
  const app = await createProjectorApp(config);
  await listenProjector(app, config);
}

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
