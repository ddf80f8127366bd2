import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccountRepository } from '@ledger/accounts';
import { AsOfQueries } from '@ledger/audit';
import { CLOCK, ID_GENERATOR, LEDGER_POLICY, ledgerCommandId, uuidv7Generator, type Clock } from '@ledger/commands';
import { defaultLedgerPolicy, parseAccountId, type AccountKey } from '@ledger/domain';
import { CHECKPOINT_STORE, EVENT_STORE } from '@ledger/event-store';
import { InMemoryEventStore } from '@ledger/event-store/testing';
import { hardenHttpEdge, httpServerOptions, LedgerExceptionFilter, ledgerValidationPipe } from '@ledger/http';
import { embeddedIssuer, IdentityModule, issueToken, ledgerAudience, type Role } from '@ledger/identity';
import { LEDGER_METRICS, LedgerMetrics, MEASURED_EVENT_STORE, ReadinessChecks } from '@ledger/operations';
import { EventStoreEventSource } from '@ledger/read-models';
import { RegistryService } from '@ledger/registry';
import { dienBien2024Localities, nationalTargetPrograms2021To2025 } from '@ledger/registry-import';
import request from 'supertest';
import { startedBeforeAll } from './started-before-all';

/**
 * A use case's HTTP edge on the in-memory test double of the event store: the same validation,
 * strict JSON, exception filter and token checks as the API, in milliseconds. For the tests that
 * sit beside each use case; the end-to-end tests run the real app on SQLite.
 */
export interface UseCaseApp {
  readonly app: NestFastifyApplication;
  readonly store: InMemoryEventStore;
  /** A client acting with a token of this role, national unless a jurisdiction is given. */
  as(role: Role, jurisdiction?: string): Promise<ReturnType<typeof request>>;
  /** Credits an account as the transfer process manager would after an allocation to it (which this app does not run). */
  fund(accountId: string, amountVnd: bigint): Promise<void>;
  close(): Promise<void>;
}

const secret = new Uint8Array(32).fill(42);

@Global()
@Module({})
class InMemoryCoreModule {
  static forRoot(store: InMemoryEventStore, clock: Clock): DynamicModule {
    const metrics = new LedgerMetrics();
    return {
      module: InMemoryCoreModule,
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: MEASURED_EVENT_STORE, useValue: store },
        { provide: CHECKPOINT_STORE, useValue: undefined },
        { provide: CLOCK, useValue: clock },
        { provide: ID_GENERATOR, useValue: uuidv7Generator },
        { provide: LEDGER_POLICY, useValue: { ...defaultLedgerPolicy, backdatingWindowDays: 36_500 } },
        { provide: LEDGER_METRICS, useValue: metrics },
        ReadinessChecks,
        // As of a view of the past, an account is folded from the store itself; no roll-ups here.
        { provide: AsOfQueries, useValue: new AsOfQueries({ store, source: new EventStoreEventSource(store), scratch: () => Promise.reject(new Error('no scratch read store in a use case’s test app')) }) },
      ],
      exports: [EVENT_STORE, MEASURED_EVENT_STORE, CHECKPOINT_STORE, CLOCK, ID_GENERATOR, LEDGER_POLICY, LEDGER_METRICS, ReadinessChecks, AsOfQueries],
    };
  }
}

@Module({})
class UseCaseRootModule {}

/** Starts the modules given (a use case's HTTP module) with the registry seeded with the programs and the Điện Biên units. */
export async function startUseCaseApp(modules: readonly (DynamicModule | (new () => unknown))[], clock: Clock = { now: () => new Date('2024-06-15T03:00:00.000Z') }): Promise<UseCaseApp> {
  const store = new InMemoryEventStore();
  const edge = { bodyLimitBytes: 64 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 10_000, behindTlsProxy: false };
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: UseCaseRootModule,
      imports: [
        CqrsModule.forRoot(),
        InMemoryCoreModule.forRoot(store, clock),
        IdentityModule.forRoot({ kind: 'secret', secret, issuer: embeddedIssuer, audience: ledgerAudience, clockToleranceSeconds: 30 }),
        ...modules,
      ],
    },
    new FastifyAdapter(httpServerOptions(edge)),
    // A wiring error fails the test that starts the app rather than exiting the test runner.
    { logger: false, bodyParser: false, abortOnError: false },
  );
  await hardenHttpEdge(app, edge);
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new LedgerExceptionFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const registry = app.get(RegistryService);
  const seed = { commandId: 'seed', correlationId: 'seed', causationId: 'seed', actor: { id: 'test', role: 'operator', jurisdiction: null }, decisionRef: 'seed', effectiveDate: '2024-01-01' };
  for (const program of nationalTargetPrograms2021To2025) await registry.registerProgram(program, { ...seed, commandId: `seed-${program.programCode}` });
  await registry.importLocalities(dienBien2024Localities, [], seed);
  return {
    app,
    store,
    as: async (role, jurisdiction = 'VN') => {
      const token = await issueToken(secret, { userId: `test-${role}`, roles: [role], jurisdiction, ttlSeconds: 3600 });
      const client = request(app.getHttpServer());
      return new Proxy(client, {
        get: (target, property, receiver) =>
          property === 'get' || property === 'post' ? (path: string) => (target[property] as (url: string) => request.Test)(path).set('Authorization', `Bearer ${token}`) : Reflect.get(target, property, receiver),
      });
    },
    fund: async (accountId, amountVnd) => {
      const account = parseAccountId(accountId);
      if (!account) throw new Error(`not an account id: ${accountId}`);
      const transferId = uuidv7Generator.next();
      await app.get(AccountRepository).execute(
        { kind: 'ReceiveFunds', account, from: parseAccountId('DTTS.2024.VN.DTPT.NSTW._') as AccountKey, amountVnd, transferId, transferKind: 'allocation' },
        { ...seed, commandId: ledgerCommandId('transfer-credit', transferId), actor: { id: 'transfer-process-manager', role: 'system', jurisdiction: null } },
      );
    },
    close: () => app.close(),
  };
}

/**
 * The usual set-up of a use case's test file: the app started before its tests (and `setUp` run
 * on it: funding an account, say), closed after them.
 */
export function useUseCaseApp(modules: readonly (DynamicModule | (new () => unknown))[], setUp?: (use: UseCaseApp) => Promise<void>): UseCaseApp {
  const current = startedBeforeAll('the use case app', { start: () => startUseCaseApp(modules), setUp, stop: async (started) => started?.close() });
  return {
    get app() {
      return current().app;
    },
    get store() {
      return current().store;
    },
    as: (role, jurisdiction) => current().as(role, jurisdiction),
    fund: (accountId, amountVnd) => current().fund(accountId, amountVnd),
    close: () => current().close(),
  };
}

