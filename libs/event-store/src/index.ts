export * from './event-store.port';
export * from './checkpoint-store.port';
export * from './errors';
export * from './port-validation';
export * from './paged-subscription';
