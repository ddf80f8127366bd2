import { Module } from '@nestjs/common';
import { GetAuditTrailHandler } from './get-audit-trail/get-audit-trail.handler';
import { GetAuditTrailHttpController } from './get-audit-trail/get-audit-trail.http.controller';
import { GetBalanceHandler, GetBalancesHandler } from './get-balances/get-balances.handler';
import { GetBalancesHttpController } from './get-balances/get-balances.http.controller';
import { GetDisbursementReportHandler } from './get-disbursement-report/get-disbursement-report.handler';
import { GetDisbursementReportHttpController } from './get-disbursement-report/get-disbursement-report.http.controller';
import { GetLocalityRollupHandler } from './get-locality-rollup/get-locality-rollup.handler';
import { GetLocalityRollupHttpController } from './get-locality-rollup/get-locality-rollup.http.controller';

/** Reports over HTTP, answered from the read models: balances, roll-ups, the disbursement report, the audit trail. */
@Module({
  providers: [GetBalancesHandler, GetBalanceHandler, GetLocalityRollupHandler, GetDisbursementReportHandler, GetAuditTrailHandler],
  controllers: [GetBalancesHttpController, GetLocalityRollupHttpController, GetDisbursementReportHttpController, GetAuditTrailHttpController],
})
export class ReportsHttpModule {}
