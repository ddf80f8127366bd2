export * from './money';
export * from './account-id';
export * from './account.events';
export * from './registry.events';
export * from './event-catalogue';
export * from './refusals';
export * from './registry';
export * from './account.decider';
