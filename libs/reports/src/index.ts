export * from './get-balances/get-balances.query';
export * from './get-locality-rollup/get-locality-rollup.query';
export * from './get-disbursement-report/get-disbursement-report.query';
export * from './get-audit-trail/get-audit-trail.query';
export * from './reports.module';
