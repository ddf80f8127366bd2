import { Inject, Injectable, Module, Optional, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { CHECKPOINT_STORE, EVENT_STORE, type CheckpointStore, type EventStore } from '@ledger/event-store';
import { AllocateFundsHandler } from './allocate-funds/allocate-funds.handler';
import { AllocateFundsHttpController } from './allocate-funds/allocate-funds.http.controller';
import { AssignBudgetHandler } from './assign-budget/assign-budget.handler';
import { AssignBudgetHttpController } from './assign-budget/assign-budget.http.controller';
import { BrowseRegistryHttpController } from './browse-registry/browse-registry.http.controller';
import { ExtendDisbursementDeadlineHandler } from './extend-disbursement-deadline/extend-disbursement-deadline.handler';
import { ExtendDisbursementDeadlineHttpController } from './extend-disbursement-deadline/extend-disbursement-deadline.http.controller';
import { GetAccountEventsHandler, GetAccountHandler } from './get-account/get-account.handler';
import { GetAccountHttpController } from './get-account/get-account.http.controller';
import { ReallocateFundsHandler } from './reallocate-funds/reallocate-funds.handler';
import { ReallocateFundsHttpController } from './reallocate-funds/reallocate-funds.http.controller';
import { RecordDisbursementHandler } from './record-disbursement/record-disbursement.handler';
import { RecordDisbursementHttpController } from './record-disbursement/record-disbursement.http.controller';
import { RegisterProgramHandler } from './register-program/register-program.handler';
import { RegisterProgramHttpController } from './register-program/register-program.http.controller';
import { RegistryService } from './registry/registry.service';
import { ReturnFundsHandler } from './return-funds/return-funds.handler';
import { ReturnFundsHttpController } from './return-funds/return-funds.http.controller';
import { ReverseDisbursementHandler } from './reverse-disbursement/reverse-disbursement.handler';
import { ReverseDisbursementHttpController } from './reverse-disbursement/reverse-disbursement.http.controller';
import { AccountCommandRunner } from './shared/account-command-runner';
import { AccountRepository } from './shared/account-repository';
import { CLOCK, ID_GENERATOR, systemClock, uuidv7Generator, type Clock, type IdGenerator } from './shared/clock';
import { TransferProcessManager } from './transfer-process-manager/transfer-process-manager';
import { ReadModels, type ReadModelsOptions } from './read-side/read-models.service';
import { ReadModelsReadiness } from './read-side/read-models.readiness';
import { LEDGER_METRICS, LedgerMetrics } from './operations/ledger-metrics';
import { InstrumentedEventStore } from './operations/instrumented-event-store';
import { OperationsHttpController } from './operations/operations.http.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './operations/readiness-check';
import { ParkedCreditsHttpController } from './transfer-process-manager/parked-credits.http.controller';
import { TransferProcessManagerReadiness } from './transfer-process-manager/transfer-process-manager.readiness';
import { GetBalanceHandler, GetBalancesHandler } from './get-balances/get-balances.handler';
import { GetBalancesHttpController } from './get-balances/get-balances.http.controller';
import { GetLocalityRollupHandler } from './get-locality-rollup/get-locality-rollup.handler';
import { GetLocalityRollupHttpController } from './get-locality-rollup/get-locality-rollup.http.controller';
import { GetDisbursementReportHandler } from './get-disbursement-report/get-disbursement-report.handler';
import { GetDisbursementReportHttpController } from './get-disbursement-report/get-disbursement-report.http.controller';
import { GetAuditTrailHandler } from './get-audit-trail/get-audit-trail.handler';
import { GetAuditTrailHttpController } from './get-audit-trail/get-audit-trail.http.controller';
import { GetTransferHandler, ListTransfersHandler } from './list-transfers/list-transfers.handler';
import { ListTransfersHttpController } from './list-transfers/list-transfers.http.controller';
import { RebuildProjectionsHandler } from './rebuild-projections/rebuild-projections.handler';
import { RebuildProjectionsHttpController } from './rebuild-projections/rebuild-projections.http.controller';

export interface LedgerModuleOptions {
  readonly eventStore: EventStore;
  readonly checkpointStore: CheckpointStore;
  /** Run the transfer process manager in this process. */
  readonly processManagerEnabled: boolean;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** The read store and its projections; without it the query endpoints are not served. */
  readonly readModels?: ReadModelsOptions;
  /** The app's metrics; the same instance must measure its event store (`InstrumentedEventStore`). One per app. */
  readonly metrics?: LedgerMetrics;
  /** Serve the command and query endpoints (default); the projector worker serves only health and metrics. */
  readonly httpApi?: boolean;
}

const LEDGER_OPTIONS = Symbol('LEDGER_OPTIONS');
/**
 * The event store as the application writes and reads it: the configured adapter measured by the
 * app's metrics. `EVENT_STORE` stays the adapter itself, for callers that need its own methods.
 */
const MEASURED_EVENT_STORE = Symbol('MEASURED_EVENT_STORE');

/** Starts the registry view and the process manager; on shutdown, stops them and closes the stores. */
@Injectable()
export class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerModuleOptions,
    private readonly registry: RegistryService,
    private readonly processManager: TransferProcessManager,
    @Optional() @Inject(ReadModels) private readonly readModels?: ReadModels,
  ) {}

  /** With a projector lease, the process manager runs under it too: one worker of several completes transfers. */
  private get processManagerLeased(): boolean {
    return this.options.processManagerEnabled && this.readModels?.leased === true;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.catchUp();
    if (this.options.processManagerEnabled && !this.processManagerLeased) await this.processManager.start();
    await this.readModels?.start(this.processManagerLeased ? this.processManager : undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    // The read models follow the event store, so they stop before it closes (and with them a leased process manager).
    await this.readModels?.stop();
    if (this.options.processManagerEnabled && !this.processManagerLeased) await this.processManager.stop();
    await this.options.checkpointStore.close();
    await this.options.eventStore.close();
  }
}

const handlers = [
  AssignBudgetHandler,
  AllocateFundsHandler,
  ReallocateFundsHandler,
  ReturnFundsHandler,
  RecordDisbursementHandler,
  ReverseDisbursementHandler,
  ExtendDisbursementDeadlineHandler,
  RegisterProgramHandler,
  GetAccountHandler,
  GetAccountEventsHandler,
];

const controllers = [
  AssignBudgetHttpController,
  AllocateFundsHttpController,
  ReallocateFundsHttpController,
  ReturnFundsHttpController,
  RecordDisbursementHttpController,
  ReverseDisbursementHttpController,
  ExtendDisbursementDeadlineHttpController,
  GetAccountHttpController,
  RegisterProgramHttpController,
  BrowseRegistryHttpController,
  ParkedCreditsHttpController,
];

/** The query side, served when the module is given a read store. */
const readSideHandlers = [
  GetBalancesHandler,
  GetBalanceHandler,
  GetLocalityRollupHandler,
  GetDisbursementReportHandler,
  GetAuditTrailHandler,
  ListTransfersHandler,
  GetTransferHandler,
  RebuildProjectionsHandler,
];

const readSideControllers = [
  GetBalancesHttpController,
  GetLocalityRollupHttpController,
  GetDisbursementReportHttpController,
  GetAuditTrailHttpController,
  ListTransfersHttpController,
  RebuildProjectionsHttpController,
];

function readSideProviders(options: LedgerModuleOptions): Provider[] {
  const readModels = options.readModels;
  if (!readModels) return [];
  return [{ provide: ReadModels, useFactory: (store: EventStore) => new ReadModels(readModels, store), inject: [MEASURED_EVENT_STORE] }, ...readSideHandlers];
}

@Module({})
export class LedgerModule {
  static forRoot(options: LedgerModuleOptions): DynamicModule {
    return {
      module: LedgerModule,
      imports: [CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false })],
      controllers: [...(options.httpApi === false ? [] : [...controllers, ...(options.readModels ? readSideControllers : [])]), OperationsHttpController],
      providers: [
        { provide: LEDGER_OPTIONS, useValue: options },
        { provide: EVENT_STORE, useValue: options.eventStore },
        { provide: MEASURED_EVENT_STORE, useFactory: (metrics: LedgerMetrics) => new InstrumentedEventStore(options.eventStore, metrics), inject: [LEDGER_METRICS] },
        { provide: CHECKPOINT_STORE, useValue: options.checkpointStore },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: options.ids ?? uuidv7Generator },
        { provide: AccountRepository, useFactory: (store: EventStore, clock: Clock, ids: IdGenerator) => new AccountRepository(store, clock, ids), inject: [MEASURED_EVENT_STORE, CLOCK, ID_GENERATOR] },
        { provide: RegistryService, useFactory: (store: EventStore, clock: Clock, ids: IdGenerator) => new RegistryService(store, clock, ids), inject: [MEASURED_EVENT_STORE, CLOCK, ID_GENERATOR] },
        {
          provide: TransferProcessManager,
          useFactory: (store: EventStore, checkpoints: CheckpointStore, accounts: AccountRepository, clock: Clock) => new TransferProcessManager(store, checkpoints, accounts, clock),
          inject: [MEASURED_EVENT_STORE, CHECKPOINT_STORE, AccountRepository, CLOCK],
        },
        { provide: LEDGER_METRICS, useValue: options.metrics ?? new LedgerMetrics() },
        {
          provide: READINESS_CHECKS,
          useFactory: (processManager: TransferProcessManager, store: EventStore, readModels?: ReadModels): ReadinessCheck[] => [
            new TransferProcessManagerReadiness(processManager, store, options.processManagerEnabled, () => readModels?.leased === true && !readModels.projecting),
            ...(readModels ? [new ReadModelsReadiness(readModels)] : []),
          ],
          inject: [TransferProcessManager, EVENT_STORE, { token: ReadModels, optional: true }],
        },
        AccountCommandRunner,
        LedgerLifecycle,
        ...handlers,
        ...readSideProviders(options),
      ],
      exports: [AccountRepository, RegistryService, TransferProcessManager, CLOCK, ID_GENERATOR, EVENT_STORE, LEDGER_METRICS, ...(options.readModels ? [ReadModels] : [])],
    };
  }
}
