import { Inject, Injectable, Logger, Module, Optional, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, type Clock } from '@ledger/commands';
import { ReadSide } from '@ledger/read-models';
import { AccountRepository } from '../account-repository';
import { AccountsModule } from '../accounts.module';
import { ApprovalExpirySweeper } from './approval-expiry-sweeper';

export interface ApprovalExpiryOptions {
  /** How often to look for requests past their expiry (`LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS`). */
  readonly sweepIntervalMs: number;
}

const EXPIRY_OPTIONS = Symbol('EXPIRY_OPTIONS');

/** Starts the sweeper with the app and stops it before the stores close. */
@Injectable()
class ApprovalExpiryRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApprovalExpirySweeper');

  constructor(@Optional() @Inject(ApprovalExpirySweeper) private readonly sweeper?: ApprovalExpirySweeper) {}

  onApplicationBootstrap(): void {
    if (!this.sweeper) {
      this.logger.warn('no read models in this process: expired movement requests are not recorded here');
      return;
    }
    this.sweeper.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeper?.stop();
  }
}

/**
 * Records the expiry of movement requests nobody approved in time, where the app runs the ledger's
 * own background work (beside the transfer process manager). Several processes may run it: each
 * expiry is one command id, recorded once.
 */
@Module({})
export class ApprovalExpiryModule {
  static forRoot(options: ApprovalExpiryOptions): DynamicModule {
    return {
      module: ApprovalExpiryModule,
      imports: [AccountsModule],
      providers: [
        { provide: EXPIRY_OPTIONS, useValue: options },
        {
          provide: ApprovalExpirySweeper,
          useFactory: (accounts: AccountRepository, clock: Clock, expiry: ApprovalExpiryOptions, readSide?: ReadSide) =>
            readSide ? new ApprovalExpirySweeper(readSide, accounts, clock, expiry.sweepIntervalMs) : undefined,
          inject: [AccountRepository, CLOCK, EXPIRY_OPTIONS, { token: ReadSide, optional: true }],
        },
        ApprovalExpiryRunner,
      ],
      exports: [ApprovalExpirySweeper],
    };
  }
}
