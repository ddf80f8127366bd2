export {
  SqliteEventStore,
  batchAppendCountMax,
  batchEventCountMax,
  busyTimeoutMsDefault,
  pollIntervalMsDefault,
  subscriptionPageEventCountMax,
} from './sqlite-event-store';
export type { SqliteDurabilitySettings, SqliteEventStoreOptions, SqliteEventStoreStats } from './sqlite-event-store';
export { schemaVersionLatest } from './schema';
export { SqliteCheckpointStore } from './sqlite-checkpoint-store';
