import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { LedgerModule } from '@ledger/application';
import type { LedgerConfig } from '@ledger/config';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';

/** The ledger without HTTP: the same module, stores and process manager as the API. */
export async function createLedgerContext(config: LedgerConfig): Promise<INestApplicationContext> {
  mkdirSync(config.dataDir, { recursive: true });
  const eventStore = await SqliteEventStore.open({ filePath: config.eventStoreFile, synchronous: config.sqliteSynchronous });
  const checkpointStore = new SqliteCheckpointStore(join(config.dataDir, 'checkpoints.sqlite'));
  const app = await NestFactory.createApplicationContext(
    LedgerModule.forRoot({ eventStore, checkpointStore, processManagerEnabled: config.processManagerEnabled }),
    { logger: ['fatal', 'error', 'warn'], abortOnError: false },
  );
  await app.init();
  return app;
}
