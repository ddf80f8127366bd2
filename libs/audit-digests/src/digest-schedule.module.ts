import { Inject, Injectable, Logger, Module, Optional, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DigestRecord, readSigningKey, SigningKeyError } from '@ledger/audit';
import { CLOCK, type Clock } from '@ledger/commands';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LEDGER_METRICS, ReadinessChecks, type LedgerMetrics } from '@ledger/operations';
import { EventStoreEventSource, ReadSide } from '@ledger/read-models';
import { DigestSchedule } from './digest-schedule';
import { DigestScheduleReadiness } from './digest-schedule.readiness';

export interface DigestScheduleOptions {
  /** `LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS`; null: no schedule (the default). */
  readonly intervalSeconds: number | null;
  /** `LEDGER_AUDIT_DIGEST_DIR`: the record's folder. */
  readonly dir: string;
  /** `LEDGER_AUDIT_SIGNING_KEY_FILE`, read at every digest. */
  readonly signingKeyFile: string | null;
  /** Which store the digests are made on: positions are one store's own. */
  readonly store: 'sqlite' | 'eventstoredb';
}

const SCHEDULE_OPTIONS = Symbol('DIGEST_SCHEDULE_OPTIONS');

/**
 * Runs the schedule where the projections run, so exactly one process makes the digests: the API
 * in the embedded single-process default, the projector worker beside API replicas that do not
 * project, and, on a PostgreSQL read store, whichever worker holds the projector lease (under it,
 * beside the projections). A process that does not project only reports the schedule's absence.
 */
@Injectable()
class DigestScheduleRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private runsHere = false;
  private underLease = false;

  constructor(
    @Inject(SCHEDULE_OPTIONS) private readonly options: DigestScheduleOptions,
    private readonly readinessChecks: ReadinessChecks,
    @Optional() @Inject(DigestSchedule) private readonly schedule?: DigestSchedule,
    @Optional() @Inject(ReadSide) private readonly readSide?: ReadSide,
  ) {}

  onModuleInit(): void {
    const { schedule, readSide } = this;
    if (!schedule || this.options.intervalSeconds === null) return;
    this.runsHere = readSide?.runner !== undefined;
    if (readSide && this.runsHere) this.underLease = readSide.runUnderLease(schedule);
    this.readinessChecks.add(new DigestScheduleReadiness(schedule, this.options.intervalSeconds, this.runsHere, () => this.underLease && readSide !== undefined && !readSide.projecting));
    if (!this.runsHere) new Logger('DigestSchedule').log('this process does not project: the process that does makes the scheduled digests');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.runsHere && !this.underLease) await this.schedule?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.schedule?.stop();
  }
}

/** Digests on a schedule, recorded; composed by the API and the projector, and running only where the projections run. */
@Module({})
export class DigestScheduleModule {
  static forRoot(options: DigestScheduleOptions): DynamicModule {
    return {
      module: DigestScheduleModule,
      providers: [
        { provide: SCHEDULE_OPTIONS, useValue: options },
        {
          provide: DigestSchedule,
          useFactory: (store: EventStore, clock: Clock, metrics: LedgerMetrics) => {
            if (options.intervalSeconds === null) return undefined;
            const signingKeyFile = options.signingKeyFile;
            const logger = new Logger('DigestSchedule');
            return new DigestSchedule({
              // The store's own reads: the store closes after every module stopped, so a tick in flight at shutdown finishes.
              source: new EventStoreEventSource(store),
              record: new DigestRecord(options.dir),
              store: options.store,
              signingKey: () => {
                if (signingKeyFile === null) throw new SigningKeyError('LEDGER_AUDIT_SIGNING_KEY_FILE is not set');
                return readSigningKey(signingKeyFile);
              },
              clock,
              intervalMs: options.intervalSeconds * 1000,
              logger: { log: (message) => logger.log(message), warn: (message) => logger.warn(message) },
              onResult: (result) => metrics.auditDigests.inc({ outcome: result.kind }),
            });
          },
          inject: [EVENT_STORE, CLOCK, LEDGER_METRICS],
        },
        DigestScheduleRunner,
      ],
      exports: [DigestSchedule],
    };
  }
}
