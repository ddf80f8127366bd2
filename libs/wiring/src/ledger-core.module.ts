import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CLOCK, ID_GENERATOR, LEDGER_POLICY, systemClock, uuidv7Generator, type Clock, type IdGenerator } from '@ledger/commands';
import { defaultLedgerPolicy, type LedgerPolicy } from '@ledger/domain';
import { CHECKPOINT_STORE, EVENT_STORE, type EventStore } from '@ledger/event-store';
import { InstrumentedEventStore, LEDGER_METRICS, MEASURED_EVENT_STORE, ReadinessChecks, ReadSideReadiness } from '@ledger/operations';
import { EventStoreEventSource, ReadSide } from '@ledger/read-models';
import { AsOfQueries } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import type { LedgerStores } from './ledger-stores';

export interface LedgerCoreOptions {
  /** The stores `openLedgerStores` opened; the module closes them when the app shuts down. */
  readonly stores: LedgerStores;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** The date limits of this deployment; the law's defaults when not given. */
  readonly policy?: LedgerPolicy;
}

const CORE_OPTIONS = Symbol('CORE_OPTIONS');

/** The date limits and four-eyes thresholds the configuration names, as the domain reads them. */
export function ledgerPolicyOf(config: LedgerConfig): LedgerPolicy {
  return {
    backdatingWindowDays: config.backdatingWindowDays,
    extensionYearsMax: { DTPT: config.extensionYearsInvestment, SN: config.extensionYearsRecurrent },
    specialResolutionExtensionYearsMax: config.extensionYearsSpecialResolution,
    approvalThresholdsVnd: { ...config.approvalThresholdsVnd },
    approvalExpiryHours: config.approvalExpiryHours,
  };
}

/**
 * Starts the read side (its runner, where it runs here) once every module is initialised, stops
 * it before shutdown, and closes the stores last, after every other module has stopped using them.
 */
@Injectable()
class LedgerCoreLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(CORE_OPTIONS) private readonly options: LedgerCoreOptions,
    private readonly readinessChecks: ReadinessChecks,
    @Optional() @Inject(ReadSide) private readonly readSide?: ReadSide,
  ) {}

  onModuleInit(): void {
    if (this.readSide) this.readinessChecks.add(new ReadSideReadiness(this.readSide));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readSide?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The read side follows the event store (and may run the process manager under its lease), so it stops first.
    await this.readSide?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.options.stores.checkpointStore.close();
    await this.options.stores.eventStore.close();
  }
}

/**
 * What every module of an app shares: the stores, the clock and id source, the metrics and the
 * readiness checks, and the read side where the app has one. Each app imports it once, with the
 * stores it opened, beside the modules of the jobs it does.
 */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(options: LedgerCoreOptions): DynamicModule {
    const { stores } = options;
    const readSide = stores.readModels
      ? [
          {
            provide: ReadSide,
            useFactory: (store: EventStore) => {
              const logger = new Logger('ReadSide');
              return new ReadSide({ ...stores.readModels!, logger: { log: (message) => logger.log(message), error: (message) => logger.error(message) } }, store);
            },
            inject: [MEASURED_EVENT_STORE],
          },
        ]
      : [];
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: CORE_OPTIONS, useValue: options },
        { provide: EVENT_STORE, useValue: stores.eventStore },
        { provide: MEASURED_EVENT_STORE, useValue: new InstrumentedEventStore(stores.eventStore, stores.metrics) },
        { provide: CHECKPOINT_STORE, useValue: stores.checkpointStore },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: options.ids ?? uuidv7Generator },
        { provide: LEDGER_POLICY, useValue: options.policy ?? defaultLedgerPolicy },
        { provide: LEDGER_METRICS, useValue: stores.metrics },
        ReadinessChecks,
        ...readSide,
        {
          // As-of queries read the events themselves: the projections' bulk reader where there is one, else the port.
          provide: AsOfQueries,
          useFactory: (store: EventStore) =>
            new AsOfQueries({
              store,
              source: stores.readModels?.source ?? new EventStoreEventSource(store),
              scratch: stores.asOf?.scratch ?? (() => Promise.reject(new Error('this process has no scratch read store for as-of roll-ups'))),
              snapshotEveryEvents: stores.asOf?.snapshotEveryEvents,
              accountHistory: stores.readModels?.store.reader,
            }),
          inject: [EVENT_STORE],
        },
        LedgerCoreLifecycle,
      ],
      exports: [EVENT_STORE, MEASURED_EVENT_STORE, CHECKPOINT_STORE, CLOCK, ID_GENERATOR, LEDGER_POLICY, LEDGER_METRICS, ReadinessChecks, AsOfQueries, ...(stores.readModels ? [ReadSide] : [])],
    };
  }
}
