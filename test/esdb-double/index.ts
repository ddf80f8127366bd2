/**
 * TEST DOUBLE, NOT A SERVER: an in-memory stand-in for an EventStoreDB node (and a cluster of
 * them), speaking its gRPC protocol, for the EventStoreDB adapter's tests. See README.md in this
 * folder.
 */
export { EsdbTestDouble } from './esdb-test-double';
export type { AppendFault, DoubleClusterRole, DoubleSecurity, EsdbTestDoubleOptions } from './esdb-test-double';
export { EsdbTestCluster } from './esdb-test-cluster';
export { InMemoryLog } from './in-memory-log';
export type { DoubleRecord, DoubleStats, InMemoryLogOptions } from './in-memory-log';
export { makeTestCertificates } from './test-certificates';
export type { TestCertificates } from './test-certificates';
