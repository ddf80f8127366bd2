import { Module } from '@nestjs/common';
import { GetAuditTrailHandler } from './get-audit-trail/get-audit-trail.handler';
import { GetAuditTrailHttpController } from './get-audit-trail/get-audit-trail.http.controller';
import { GetBalanceHandler, GetBalancesHandler } from './get-balances/get-balances.handler';
import { GetBalancesHttpController } from './get-balances/get-balances.http.controller';
import { GetDisbursementReportAsOfHandler, GetDisbursementReportHandler } from './get-disbursement-report/get-disbursement-report.handler';
import { GetDisbursementReportHttpController } from './get-disbursement-report/get-disbursement-report.http.controller';
import { GetLocalityRollupAsOfHandler, GetLocalityRollupHandler } from './get-locality-rollup/get-locality-rollup.handler';
import { GetLocalityRollupHttpController } from './get-locality-rollup/get-locality-rollup.http.controller';

/** Reports over HTTP, answered from the read models — balances, roll-ups, the disbursement report, the audit trail — and, as of a view of the past, from the events. */
@Module({
  providers: [GetBalancesHandler, GetBalanceHandler, GetLocalityRollupHandler, GetLocalityRollupAsOfHandler, GetDisbursementReportHandler, GetDisbursementReportAsOfHandler, GetAuditTrailHandler],
  controllers: [GetBalancesHttpController, GetLocalityRollupHttpController, GetDisbursementReportHttpController, GetAuditTrailHttpController],
})
export class ReportsHttpModule {}
