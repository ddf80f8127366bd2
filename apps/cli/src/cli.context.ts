import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { LedgerModule } from '@ledger/application';
import type { LedgerConfig } from '@ledger/config';
import { openLedgerStores } from '@ledger/wiring';

/** The ledger without HTTP: the same module, stores and process manager as the API. */
export async function createLedgerContext(config: LedgerConfig): Promise<INestApplicationContext> {
  const { eventStore, checkpointStore, metrics } = await openLedgerStores(config, { readModels: false });
  const app = await NestFactory.createApplicationContext(
    LedgerModule.forRoot({ eventStore, checkpointStore, processManagerEnabled: config.processManagerEnabled, metrics }),
    { logger: ['fatal', 'error', 'warn'], abortOnError: false },
  );
  await app.init();
  return app;
}
