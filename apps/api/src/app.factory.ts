import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LedgerExceptionFilter, LedgerModule, ledgerValidationPipe, type Clock } from '@ledger/application';
import type { LedgerConfig } from '@ledger/config';
import { describeStores, ledgerLogger, openLedgerStores, type LedgerStoresOptions } from '@ledger/wiring';

export interface LedgerAppOptions {
  readonly clock?: Clock;
  readonly eventStoreRetry?: LedgerStoresOptions['eventStoreRetry'];
}

/** Builds the HTTP API on the configured stores. Used by `main.ts`, the end-to-end tests and the benchmarks. */
export async function createLedgerApp(config: LedgerConfig, options: LedgerAppOptions = {}): Promise<NestFastifyApplication> {
  const { eventStore, checkpointStore, readModels, metrics } = await openLedgerStores(config, { readModels: true, eventStoreRetry: options.eventStoreRetry });
  const adapter = new FastifyAdapter({ bodyLimit: config.httpBodyLimitBytes, routerOptions: { maxParamLength: 200 } });
  const app = await NestFactory.create<NestFastifyApplication>(
    LedgerModule.forRoot({ eventStore, checkpointStore, processManagerEnabled: config.processManagerEnabled, clock: options.clock, readModels, metrics }),
    adapter,
    { logger: ledgerLogger(config), abortOnError: false },
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
  new Logger('Ledger').log(`listening on ${url} (${describeStores(config)}); OpenAPI at ${url}/openapi.json`);
  return url;
}
