import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LedgerExceptionFilter, LedgerModule, ledgerValidationPipe, type Clock } from '@ledger/application';
import type { LedgerConfig } from '@ledger/config';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';
import { openEmbeddedReadSide } from '@ledger/read-models-sqlite';

const logLevels: Record<LedgerConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

export interface LedgerAppOptions {
  readonly clock?: Clock;
}

/** Builds the HTTP API on the embedded stores. Used by `main.ts`, the end-to-end tests and the benchmarks. */
export async function createLedgerApp(config: LedgerConfig, options: LedgerAppOptions = {}): Promise<NestFastifyApplication> {
  mkdirSync(config.dataDir, { recursive: true });
  const eventStore = await SqliteEventStore.open({ filePath: config.eventStoreFile, synchronous: config.sqliteSynchronous });
  const checkpointStore = new SqliteCheckpointStore(join(config.dataDir, 'checkpoints.sqlite'));
  const readSide = await openEmbeddedReadSide({ readStoreFile: config.readStoreFile, eventStoreFile: config.eventStoreFile });
  const readModels = { ...readSide, runnerEnabled: config.projectionsEnabled, waitTimeoutMs: config.readYourWritesWaitMs, batchEventCountMax: config.projectionBatchEvents };
  const adapter = new FastifyAdapter({ bodyLimit: config.httpBodyLimitBytes, routerOptions: { maxParamLength: 200 } });
  const app = await NestFactory.create<NestFastifyApplication>(
    LedgerModule.forRoot({ eventStore, checkpointStore, processManagerEnabled: config.processManagerEnabled, clock: options.clock, readModels }),
    adapter,
    { logger: logLevels[config.logLevel], abortOnError: false },
  );
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new LedgerExceptionFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Program ledger')
      .setDescription(
        'Event-sourced ledger for the money of national target programs. Amounts are whole đồng as decimal strings. ' +
          'Every command needs a client-chosen id (`commandId` or `Idempotency-Key`); a retry returns the first result.',
      )
      .setVersion('1')
      .build(),
  );
  // The JSON document only: the UI's static assets would pull an ESM-only dependency into the test runner.
  SwaggerModule.setup('docs', app, document, { swaggerUiEnabled: false, jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

export async function listen(app: NestFastifyApplication, config: LedgerConfig): Promise<string> {
  await app.listen(config.httpPort, config.httpHost);
  const url = await app.getUrl();
  new Logger('Ledger').log(`listening on ${url} (events: ${config.eventStoreFile}); OpenAPI at ${url}/openapi.json`);
  return url;
}
