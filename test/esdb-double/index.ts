/**
 * TEST DOUBLE, NOT A SERVER: an in-memory stand-in for an EventStoreDB node, speaking its gRPC
 * protocol, for the EventStoreDB adapter's tests. See README.md in this folder.
 */
export { EsdbTestDouble } from './esdb-test-double';
export type { EsdbTestDoubleOptions } from './esdb-test-double';
export { InMemoryLog } from './in-memory-log';
export type { DoubleRecord, InMemoryLogOptions } from './in-memory-log';
