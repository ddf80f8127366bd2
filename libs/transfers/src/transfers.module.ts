import { Inject, Injectable, Module, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AccountRepository, AccountsModule } from '@ledger/accounts';
import { CLOCK, type Clock } from '@ledger/commands';
import { CHECKPOINT_STORE, type CheckpointStore, type EventStore } from '@ledger/event-store';
import { MEASURED_EVENT_STORE, ReadinessChecks } from '@ledger/operations';
import { ReadSide } from '@ledger/read-models';
import { GetTransferHandler, ListTransfersHandler } from './list-transfers/list-transfers.handler';
import { ListTransfersHttpController } from './list-transfers/list-transfers.http.controller';
import { ParkedCreditsHttpController } from './process-manager/parked-credits.http.controller';
import { TransferProcessManager } from './process-manager/transfer-process-manager';
import { TransferProcessManagerReadiness } from './process-manager/transfer-process-manager.readiness';

/**
 * The transfer process manager as an object any process can use (to wait for credits, or to retry
 * a parked one); `TransferProcessManagerModule` is what runs it.
 */
@Module({
  imports: [AccountsModule],
  providers: [
    {
      provide: TransferProcessManager,
      useFactory: (store: EventStore, checkpoints: CheckpointStore, accounts: AccountRepository, clock: Clock) => new TransferProcessManager(store, checkpoints, accounts, clock),
      inject: [MEASURED_EVENT_STORE, CHECKPOINT_STORE, AccountRepository, CLOCK],
    },
    {
      provide: TransferProcessManagerReadiness,
      useFactory: (processManager: TransferProcessManager, store: EventStore, readinessChecks: ReadinessChecks) => {
        const readiness = new TransferProcessManagerReadiness(processManager, store);
        readinessChecks.add(readiness);
        return readiness;
      },
      inject: [TransferProcessManager, MEASURED_EVENT_STORE, ReadinessChecks],
    },
  ],
  exports: [TransferProcessManager, TransferProcessManagerReadiness],
})
export class TransfersModule {}

/** Transfers over HTTP: the transfers read model, and the parked credits operators act on. */
@Module({
  imports: [TransfersModule],
  providers: [ListTransfersHandler, GetTransferHandler],
  controllers: [ListTransfersHttpController, ParkedCreditsHttpController],
})
export class TransfersHttpModule {}

/**
 * Runs the process manager in this process and reports it in readiness. With a projector lease
 * (PostgreSQL read store) it runs under the lease beside the projections, so one worker of
 * several completes transfers; otherwise it starts with the app and stops before the stores close.
 */
@Injectable()
class TransferProcessManagerRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private underLease = false;

  constructor(
    private readonly processManager: TransferProcessManager,
    private readonly readiness: TransferProcessManagerReadiness,
    @Optional() @Inject(ReadSide) private readonly readSide?: ReadSide,
  ) {}

  onModuleInit(): void {
    const readSide = this.readSide;
    this.underLease = readSide?.runUnderLease(this.processManager) ?? false;
    this.readiness.runsHere(() => this.underLease && readSide !== undefined && !readSide.projecting);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.underLease) await this.processManager.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.underLease) await this.processManager.stop();
  }
}

@Module({ imports: [TransfersModule], providers: [TransferProcessManagerRunner] })
export class TransferProcessManagerModule {}
