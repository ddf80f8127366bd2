export { SqliteEventStore, busyTimeoutMsDefault, pollIntervalMsDefault, sqliteWriterModes } from './sqlite-event-store';
export type { SqliteDurabilitySettings, SqliteEventStoreOptions, SqliteWriterMode } from './sqlite-event-store';
export { batchAppendCountMax, batchEventCountMax } from './sqlite-append-queue';
export type { SqliteEventStoreStats } from './sqlite-append-queue';
export { subscriptionPageEventCountMax } from './sqlite-reads';
export { streamRevisionEntriesMax, walAutocheckpointPages, walSizeLimitBytes } from './sqlite-batch-writer';
export { SqliteWriterError } from './sqlite-writer-thread';
export { schemaVersionLatest } from './schema';
export { SqliteCheckpointStore } from './sqlite-checkpoint-store';
