import { Module } from '@nestjs/common';
import { GetAuditTrailHandler } from './get-audit-trail/get-audit-trail.handler';
import { GetAuditTrailHttpController } from './get-audit-trail/get-audit-trail.http.controller';
import { GetBalanceHandler, GetBalancesHandler } from './get-balances/get-balances.handler';
import { GetBalancesHttpController } from './get-balances/get-balances.http.controller';
import { GetDisbursementReportAsOfHandler, GetDisbursementReportHandler } from './get-disbursement-report/get-disbursement-report.handler';
import { GetDisbursementReportHttpController } from './get-disbursement-report/get-disbursement-report.http.controller';
import { GetLocalityRollupAsOfHandler, GetLocalityRollupHandler } from './get-locality-rollup/get-locality-rollup.handler';
import { GetLocalityRollupHttpController } from './get-locality-rollup/get-locality-rollup.http.controller';
import { FeedConnections } from './follow-feed/feed-connections';
import { FollowFeedHttpController } from './follow-feed/follow-feed.http.controller';
import { GetIdleMoneyHandler } from './get-idle-money/get-idle-money.handler';
import { GetIdleMoneyHttpController } from './get-idle-money/get-idle-money.http.controller';
import { GetLaggingReportHandler } from './get-lagging-report/get-lagging-report.handler';
import { GetLaggingReportHttpController } from './get-lagging-report/get-lagging-report.http.controller';
import { GetMonthlyProgressHandler } from './get-monthly-progress/get-monthly-progress.handler';
import { GetMonthlyProgressHttpController } from './get-monthly-progress/get-monthly-progress.http.controller';
import { GetProgressReportHandler } from './get-progress-report/get-progress-report.handler';
import { GetProgressReportHttpController } from './get-progress-report/get-progress-report.http.controller';

/**
 * Reports over HTTP, answered from the read models — balances, roll-ups, the disbursement report,
 * the progress report by period, the monthly curve, the lagging and idle lists, the audit trail,
 * and the live feed — and, as of a view of the past, from the events.
 */
@Module({
  providers: [
    GetBalancesHandler,
    GetBalanceHandler,
    GetLocalityRollupHandler,
    GetLocalityRollupAsOfHandler,
    GetDisbursementReportHandler,
    GetDisbursementReportAsOfHandler,
    GetAuditTrailHandler,
    GetProgressReportHandler,
    GetMonthlyProgressHandler,
    GetLaggingReportHandler,
    GetIdleMoneyHandler,
    FeedConnections,
  ],
  controllers: [
    GetBalancesHttpController,
    GetLocalityRollupHttpController,
    GetDisbursementReportHttpController,
    GetAuditTrailHttpController,
    GetProgressReportHttpController,
    GetMonthlyProgressHttpController,
    GetLaggingReportHttpController,
    GetIdleMoneyHttpController,
    FollowFeedHttpController,
  ],
})
export class ReportsHttpModule {}
