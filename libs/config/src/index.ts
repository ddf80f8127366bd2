export * from './ledger-config';
export * from './event-store-url';
