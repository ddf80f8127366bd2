/**
 * The port's engine-independent checks now live next to the port, shared with the EventStoreDB
 * adapter; this module keeps the SQLite adapter's imports unchanged.
 */
export {
  filterEntryCountMax,
  int64Max,
  resolveDirection,
  resolveMaxCount,
  validateAppend,
  validateFilter,
  validateStart,
} from '@ledger/event-store';
export type { ValidatedAppend, ValidatedEvent, ValidatedFilter } from '@ledger/event-store';
