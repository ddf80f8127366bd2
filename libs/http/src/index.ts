export * from './command-envelope.dto';
export * from './command-request';
export * from './ledger-exception.filter';
export * from './validation';
export * from './freshness';
export * from './query-params';
export * from './field-decorators';
