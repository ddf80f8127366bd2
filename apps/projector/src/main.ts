import { ConfigError, loadLedgerConfig } from '@ledger/config';
import { createProjectorApp, listenProjector } from './projector.factory';

async function main(): Promise<void> {
  let config;
  try {
    config = loadLedgerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createProjectorApp(config);
  await listenProjector(app, config);
}

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
