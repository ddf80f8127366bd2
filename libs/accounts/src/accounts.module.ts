import { Module } from '@nestjs/common';
import { CLOCK, ID_GENERATOR, LEDGER_POLICY, type Clock, type IdGenerator } from '@ledger/commands';
import type { LedgerPolicy } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { ReadSide } from '@ledger/read-models';
import { LEDGER_METRICS, MEASURED_EVENT_STORE, type LedgerMetrics } from '@ledger/operations';
import { RegistryModule, RegistryService } from '@ledger/registry';
import { AccountRepository } from './account-repository';
import { AllocateFundsHandler } from './allocate-funds/allocate-funds.handler';
import { AllocateFundsHttpController } from './allocate-funds/allocate-funds.http.controller';
import { AssignBudgetHandler } from './assign-budget/assign-budget.handler';
import { AssignBudgetHttpController } from './assign-budget/assign-budget.http.controller';
import { ExtendDisbursementDeadlineHandler } from './extend-disbursement-deadline/extend-disbursement-deadline.handler';
import { ExtendDisbursementDeadlineHttpController } from './extend-disbursement-deadline/extend-disbursement-deadline.http.controller';
import { GetAccountEventsHandler, GetAccountHandler } from './get-account/get-account.handler';
import { GetAccountHttpController } from './get-account/get-account.http.controller';
import { ACCOUNT_DIRECTORY, EventStoreAccountDirectory, ReadModelAccountDirectory, type AccountDirectory } from './hand-over-accounts/account-directory';
import { HandOverAccountsHandler, PreviewHandOverHandler } from './hand-over-accounts/hand-over-accounts.handler';
import { HandOverAccountsHttpController } from './hand-over-accounts/hand-over-accounts.http.controller';
import { HandOverAccountsService } from './hand-over-accounts/hand-over-accounts.service';
import { ReallocateFundsHandler } from './reallocate-funds/reallocate-funds.handler';
import { ReallocateFundsHttpController } from './reallocate-funds/reallocate-funds.http.controller';
import { RecordDisbursementHandler } from './record-disbursement/record-disbursement.handler';
import { RecordDisbursementHttpController } from './record-disbursement/record-disbursement.http.controller';
import { ReturnFundsHandler } from './return-funds/return-funds.handler';
import { ReturnFundsHttpController } from './return-funds/return-funds.http.controller';
import { ReverseDisbursementHandler } from './reverse-disbursement/reverse-disbursement.handler';
import { ReverseDisbursementHttpController } from './reverse-disbursement/reverse-disbursement.http.controller';
import { ApprovalRequestLocator } from './approval-requests';
import { ApproveMovementHandler } from './approve-movement/approve-movement.handler';
import { ApproveMovementHttpController } from './approve-movement/approve-movement.http.controller';
import { RejectMovementHandler } from './reject-movement/reject-movement.handler';
import { RejectMovementHttpController } from './reject-movement/reject-movement.http.controller';
import { GetApprovalHandler, ListApprovalsHandler } from './list-approvals/list-approvals.handler';
import { ListApprovalsHttpController } from './list-approvals/list-approvals.http.controller';

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
    GetAccountEventsHandler,
    {
      // The read models find a territory's accounts by locality; without them (the command line) one pass over the store does.
      provide: ACCOUNT_DIRECTORY,
      useFactory: (store: EventStore, readSide?: ReadSide): AccountDirectory => (readSide ? new ReadModelAccountDirectory(readSide, store) : new EventStoreAccountDirectory(store)),
      inject: [MEASURED_EVENT_STORE, { token: ReadSide, optional: true }],
    },
    {
      provide: HandOverAccountsService,
      useFactory: (accounts: AccountRepository, registry: RegistryService, directory: AccountDirectory, clock: Clock, policy: LedgerPolicy) => new HandOverAccountsService(accounts, registry, directory, clock, policy),
      inject: [AccountRepository, RegistryService, ACCOUNT_DIRECTORY, CLOCK, LEDGER_POLICY],
    },
    HandOverAccountsHandler,
    PreviewHandOverHandler,
  ],
  exports: [AccountRepository, HandOverAccountsService],
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
    HandOverAccountsHttpController,
  ],
})
export class AccountsHttpModule {}

/**
 * Four-eyes approvals over HTTP. A request id names an event, not its account, so approvals find
 * the account through the approvals read model: an app composes this module where it has the
 * read side (the API), and the account use cases' own tests run without it.
 */
@Module({
  imports: [AccountsModule],
  providers: [ApprovalRequestLocator, ApproveMovementHandler, RejectMovementHandler, ListApprovalsHandler, GetApprovalHandler],
  controllers: [ApproveMovementHttpController, RejectMovementHttpController, ListApprovalsHttpController],
})
export class ApprovalsHttpModule {}
