import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import { IdentityModule } from '@ledger/identity';
import { LedgerExceptionFilter } from '@ledger/http';
import { OperationsHttpModule } from '@ledger/operations';
import { TransferProcessManagerModule } from '@ledger/transfers';
import { ApprovalExpiryModule } from '@ledger/accounts';
import { DigestScheduleModule } from '@ledger/audit-digests';
import { describeStores, digestScheduleOptionsOf, LedgerCoreModule, ledgerLogger, ledgerPolicyOf, openLedgerStores, tokenSettingsOf, type LedgerStoresOptions } from '@ledger/wiring';

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
@Module({})
class ProjectorModule {}

export async function createProjectorApp(config: LedgerConfig, options: ProjectorAppOptions = {}): Promise<NestFastifyApplication> {
  const workerConfig: LedgerConfig = { ...config, projectionsEnabled: true, processManagerEnabled: true };
  const stores = await openLedgerStores(workerConfig, { readModels: true, eventStoreRetry: options.eventStoreRetry });
  // The worker's jobs: the projections (with the read side), completing transfers, recording expired movement requests, health and metrics; no command or query endpoint.
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: ProjectorModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRoot({ stores, clock: options.clock, policy: ledgerPolicyOf(config) }),
        // Metrics need the administrator's token here as on the API; the health probes stay public.
        IdentityModule.forRoot(tokenSettingsOf(config)),
        TransferProcessManagerModule,
        ApprovalExpiryModule.forRoot({ sweepIntervalMs: config.approvalExpirySweepIntervalMs }),
        DigestScheduleModule.forRoot(digestScheduleOptionsOf(config)),
        OperationsHttpModule,
      ],
    },
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
