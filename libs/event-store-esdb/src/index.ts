export { EsdbEventStore, commandSettleRoundsMax, toClientConnectionString } from './esdb-event-store';
export type { EsdbEventStoreOptions } from './esdb-event-store';
export { eventIdClaimConcurrencyMax } from './event-id-claims';
export { subscriptionBufferMessageCountMax } from './esdb-subscription';
export { retryPolicyDefault, subscriptionReconnectPolicyDefault } from './retry';
export type { RetryPolicy } from './retry';
export {
  bookkeepingEventTypes,
  commandStreamName,
  commandStreamPrefix,
  eventIdClaimStreamName,
  eventIdClaimStreamPrefix,
  reservedStreamPrefixes,
} from './bookkeeping-streams';
