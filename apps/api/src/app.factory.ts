import 'reflect-metadata';
import { Logger, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AccountsHttpModule, ApprovalExpiryModule, ApprovalsHttpModule } from '@ledger/accounts';
import { AuditDigestsHttpModule, DigestScheduleModule } from '@ledger/audit-digests';
import { ApiDocsHttpController } from './api-docs/api-docs.http.controller';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import type { Clock } from '@ledger/commands';
import type { LedgerConfig } from '@ledger/config';
import { IdentityModule } from '@ledger/identity';
import { hardenHttpEdge, httpServerOptions, LedgerExceptionFilter, ledgerValidationPipe, RateLimitModule, type HttpEdgeOptions } from '@ledger/http';
import { OperationsHttpModule, ProjectionAdminHttpModule } from '@ledger/operations';
import { RegistryHttpModule } from '@ledger/registry';
import { ReportsHttpModule } from '@ledger/reports';
import { TransferProcessManagerModule, TransfersHttpModule } from '@ledger/transfers';
import { describeStores, digestScheduleOptionsOf, LedgerCoreModule, ledgerLogger, ledgerPolicyOf, openLedgerStores, tokenSettingsOf, type LedgerStores, type LedgerStoresOptions } from '@ledger/wiring';

export interface LedgerAppOptions {
  readonly clock?: Clock;
  readonly eventStoreRetry?: LedgerStoresOptions['eventStoreRetry'];
}

/** Builds the HTTP API on the configured stores. Used by `main.ts`, the end-to-end tests and the benchmarks. */
export async function createLedgerApp(config: LedgerConfig, options: LedgerAppOptions = {}): Promise<NestFastifyApplication> {
  const stores = await openLedgerStores(config, { readModels: true, eventStoreRetry: options.eventStoreRetry });
  const edge = httpEdgeOptionsOf(config);
  const adapter = new FastifyAdapter(httpServerOptions(edge));
  // Nest's own body parsers are off: the edge reads JSON only, strictly (see hardenHttpEdge).
  const app = await NestFactory.create<NestFastifyApplication>(apiModule(config, stores, options), adapter, { logger: ledgerLogger(config), abortOnError: false, bodyParser: false });
  await hardenHttpEdge(app, edge);
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new LedgerExceptionFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export function httpEdgeOptionsOf(config: LedgerConfig): HttpEdgeOptions {
  return {
    bodyLimitBytes: config.httpBodyLimitBytes,
    headersTimeoutMs: config.httpHeadersTimeoutMs,
    requestTimeoutMs: config.httpRequestTimeoutMs,
    keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs,
    behindTlsProxy: config.behindTlsProxy,
  };
}

@Module({})
class ApiModule {}

/** Swagger UI at /docs, and the dashboard at /dashboard: pages for people, served from files of the app. */
@Module({ controllers: [ApiDocsHttpController, DashboardHttpController] })
class ApiDocsModule {}

/**
 * The API's jobs: every command and query endpoint, health and metrics, and — unless a worker
 * does it (`LEDGER_PROCESS_MANAGER=false`) — completing transfers and recording the expiry of
 * movement requests nobody approved in time. Scheduled digests are made where the projections run
 * (here unless `LEDGER_PROJECTIONS=false`), so one process makes them.
 */
function apiModule(config: LedgerConfig, stores: LedgerStores, options: LedgerAppOptions): DynamicModule {
  return {
    module: ApiModule,
    imports: [
      CqrsModule.forRoot(),
      LedgerCoreModule.forRoot({ stores, clock: options.clock, policy: ledgerPolicyOf(config) }),
      // Authentication first: the rate limit then counts per verified user.
      IdentityModule.forRoot(tokenSettingsOf(config)),
      RateLimitModule.forRoot({ requests: config.rateLimitRequests, windowMs: config.rateLimitWindowMs }),
      RegistryHttpModule,
      AccountsHttpModule,
      ApprovalsHttpModule,
      TransfersHttpModule,
      ...(config.processManagerEnabled ? [TransferProcessManagerModule, ApprovalExpiryModule.forRoot({ sweepIntervalMs: config.approvalExpirySweepIntervalMs })] : []),
      ReportsHttpModule,
      DigestScheduleModule.forRoot(digestScheduleOptionsOf(config)),
      AuditDigestsHttpModule.forRoot({ dir: config.audit.digestDir }),
      ProjectionAdminHttpModule,
      OperationsHttpModule,
      ApiDocsModule,
    ],
  };
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
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from the identity provider, or `npm run cli -- token` on the embedded default' })
      .build(),
  );
  // The documents only: the UI at /docs is served by ApiDocsHttpController from swagger-ui-dist, whose
  // start-up script is a file (the security policy allows no inline script). Nest's own UI serving
  // needs @fastify/static, whose dependencies the test runner cannot load.
  SwaggerModule.setup('openapi', app, document, { swaggerUiEnabled: false, jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

export async function listen(app: NestFastifyApplication, config: LedgerConfig): Promise<string> {
  await app.listen(config.httpPort, config.httpHost);
  const url = await app.getUrl();
  new Logger('Ledger').log(`listening on ${url} (${describeStores(config)}); OpenAPI at ${url}/openapi.json`);
  return url;
}
