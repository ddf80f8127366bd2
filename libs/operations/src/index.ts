export * from './ledger-metrics';
export * from './instrumented-event-store';
export * from './readiness-check';
export * from './operations.http.controller';
export * from './read-side.readiness';
export * from './rebuild-projections/rebuild-projections.command';
export * from './operations.module';
