import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LedgerExceptionFilter, LedgerModule, type Clock } from '@ledger/application';
import type { LedgerConfig } from '@ledger/config';
import { describeStores, ledgerLogger, openLedgerStores, type LedgerStoresOptions } from '@ledger/wiring';

export interface ProjectorAppOptions {
  readonly clock?: Clock;
  readonly eventStoreRetry?: LedgerStoresOptions['eventStoreRetry'];
}

/**
 * The projector worker: keeps the read models current and completes transfers, and serves only
 * `/health/live`, `/health/ready` and `/metrics`. On PostgreSQL it projects while it holds the
 * projector lease, so several workers may run, one projecting and the others standing by. API
 * replicas beside it run with `LEDGER_PROJECTIONS=false LEDGER_PROCESS_MANAGER=false`.
 */
export async function createProjectorApp(config: LedgerConfig, options: ProjectorAppOptions = {}): Promise<NestFastifyApplication> {
  const workerConfig: LedgerConfig = { ...config, projectionsEnabled: true, processManagerEnabled: true };
  const { eventStore, checkpointStore, readModels, metrics } = await openLedgerStores(workerConfig, { readModels: true, eventStoreRetry: options.eventStoreRetry });
  const app = await NestFactory.create<NestFastifyApplication>(
    LedgerModule.forRoot({ eventStore, checkpointStore, processManagerEnabled: true, clock: options.clock, readModels, metrics, httpApi: false }),
    new FastifyAdapter({ bodyLimit: config.httpBodyLimitBytes }),
    { logger: ledgerLogger(config), abortOnError: false },
  );
  app.useGlobalFilters(new LedgerExceptionFilter());
  // SIGTERM and SIGINT close the app: the runner finishes its batch (each batch saves its
  // checkpoint), the process manager finishes the credits in flight and saves its checkpoint.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export async function listenProjector(app: NestFastifyApplication, config: LedgerConfig): Promise<string> {
  await app.listen(config.httpPort, config.httpHost);
  const url = await app.getUrl();
  new Logger('Projector').log(`projecting (${describeStores(config)}); health and metrics on ${url}`);
  return url;
}
