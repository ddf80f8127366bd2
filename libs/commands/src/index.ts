export * from './clock';
export * from './command-context';
export * from './command-ids';
export * from './command-errors';
export * from './stored-event';
export * from './write-limits';
export * from './invariant';
