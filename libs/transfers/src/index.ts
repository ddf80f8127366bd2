export * from './process-manager/transfer-process-manager';
export * from './process-manager/transfer-process-manager.readiness';
export * from './list-transfers/list-transfers.query';
export * from './transfers.module';
