export * from './ledger-config';
export * from './event-store-url';
export * from './read-store-url';
