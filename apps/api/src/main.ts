import { ConfigError, loadLedgerConfig } from '@ledger/config';
import { createLedgerApp, listen } from './app.factory';

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
  const app = await createLedgerApp(config);
  await listen(app, config);
}

void main();
