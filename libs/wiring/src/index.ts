export * from './ledger-stores';
export * from './ledger-logger';
