export * from './sqlite-projection-harness';
export * from './ledger-story';
