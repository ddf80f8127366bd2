export * from './ledger-stores';
export * from './ledger-logger';
export * from './ledger-core.module';
export * from './token-settings';
export * from './digest-schedule-settings';
