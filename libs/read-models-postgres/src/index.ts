export * from './postgres-read-store';
export * from './projector-lease';
export * from './leased-projector';
export * from './postgres-checkpoint-store';
