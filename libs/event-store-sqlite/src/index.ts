export {
  SqliteEventStore,
  batchAppendCountMax,
  batchEventCountMax,
  busyTimeoutMsDefault,
  pollIntervalMsDefault,
  sqliteWriterModes,
  subscriptionPageEventCountMax,
} from './sqlite-event-store';
export type { SqliteDurabilitySettings, SqliteEventStoreOptions, SqliteEventStoreStats, SqliteWriterMode } from './sqlite-event-store';
export { streamRevisionEntriesMax, walAutocheckpointPages, walSizeLimitBytes } from './sqlite-batch-writer';
export { SqliteWriterError } from './sqlite-writer-thread';
export { schemaVersionLatest } from './schema';
export { SqliteCheckpointStore } from './sqlite-checkpoint-store';
