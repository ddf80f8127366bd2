export * from './linked-history';
