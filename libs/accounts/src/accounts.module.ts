import { Module } from '@nestjs/common';
import { CLOCK, ID_GENERATOR, LEDGER_POLICY, type Clock, type IdGenerator } from '@ledger/commands';
import type { LedgerPolicy } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { LEDGER_METRICS, MEASURED_EVENT_STORE, type LedgerMetrics } from '@ledger/operations';
import { RegistryModule, RegistryService } from '@ledger/registry';
import { AccountRepository } from './account-repository';
import { AllocateFundsHandler } from './allocate-funds/allocate-funds.handler';
import { AllocateFundsHttpController } from './allocate-funds/allocate-funds.http.controller';
import { AssignBudgetHandler } from './assign-budget/assign-budget.handler';
import { AssignBudgetHttpController } from './assign-budget/assign-budget.http.controller';
import { ExtendDisbursementDeadlineHandler } from './extend-disbursement-deadline/extend-disbursement-deadline.handler';
import { ExtendDisbursementDeadlineHttpController } from './extend-disbursement-deadline/extend-disbursement-deadline.http.controller';
import { GetAccountAsOfHandler, GetAccountEventsHandler, GetAccountHandler } from './get-account/get-account.handler';
import { GetAccountHttpController } from './get-account/get-account.http.controller';
import { ReallocateFundsHandler } from './reallocate-funds/reallocate-funds.handler';
import { ReallocateFundsHttpController } from './reallocate-funds/reallocate-funds.http.controller';
import { RecordDisbursementHandler } from './record-disbursement/record-disbursement.handler';
import { RecordDisbursementHttpController } from './record-disbursement/record-disbursement.http.controller';
import { ReturnFundsHandler } from './return-funds/return-funds.handler';
import { ReturnFundsHttpController } from './return-funds/return-funds.http.controller';
import { ReverseDisbursementHandler } from './reverse-disbursement/reverse-disbursement.handler';
import { ReverseDisbursementHttpController } from './reverse-disbursement/reverse-disbursement.http.controller';

/** The account use cases on the command and query buses, and the repository they share. */
@Module({
  imports: [RegistryModule],
  providers: [
    {
      provide: AccountRepository,
      useFactory: (store: EventStore, clock: Clock, ids: IdGenerator, registry: RegistryService, metrics: LedgerMetrics, policy: LedgerPolicy) =>
        new AccountRepository(store, clock, ids, registry, { metrics, policy }),
      inject: [MEASURED_EVENT_STORE, CLOCK, ID_GENERATOR, RegistryService, LEDGER_METRICS, LEDGER_POLICY],
    },
    AssignBudgetHandler,
    AllocateFundsHandler,
    ReallocateFundsHandler,
    ReturnFundsHandler,
    RecordDisbursementHandler,
    ReverseDisbursementHandler,
    ExtendDisbursementDeadlineHandler,
    GetAccountHandler,
    GetAccountAsOfHandler,
    GetAccountEventsHandler,
  ],
  exports: [AccountRepository],
})
export class AccountsModule {}

/** The account use cases' HTTP endpoints. */
@Module({
  imports: [AccountsModule],
  controllers: [
    AssignBudgetHttpController,
    AllocateFundsHttpController,
    ReallocateFundsHttpController,
    ReturnFundsHttpController,
    RecordDisbursementHttpController,
    ReverseDisbursementHttpController,
    ExtendDisbursementDeadlineHttpController,
    GetAccountHttpController,
  ],
})
export class AccountsHttpModule {}
