/**
 * The event store contract: one suite of jest tests that every adapter of the `EventStore` port
 * must pass unchanged.
 *
 * The suite talks to the store only through the port, so it can run against a server shared by
 * many tests and test files: every test uses fresh random stream ids, event types and command
 * ids, never assumes the store is empty, and computes positions relative to what it appended.
 * Positions are only assumed to be strictly increasing, never consecutive (EventStoreDB's are
 * byte offsets in its log).
 *
 * Decisions the suite fixes where the port leaves room:
 * - Every failure of `appendToStream`, `readStream`, `readAll`, `findCommand` and
 *   `headPosition` is a rejected promise, never a synchronous throw. `subscribeToAll` validates
 *   its options synchronously and throws.
 * - `maxCount` below 1, not an integer, or not finite is refused with `RangeError`; above
 *   `readCountMax` it is clamped to `readCountMax`. Omitted, it is `readCountMax`.
 * - A negative `fromRevision` or `fromPosition` is refused with `RangeError`. `afterPosition`
 *   may be -1n (the checkpoint of a consumer that has processed nothing) or more.
 * - An empty `eventTypes` or `streamPrefixes` list is refused with `RangeError`: it would match
 *   nothing, which is never what a caller means; omit the field for "no filter".
 * - Given both, `eventTypes` and `streamPrefixes` must both match (intersection). Prefixes match
 *   literally and case-sensitively (`_` and `%` are ordinary characters).
 * - Reading backwards from a revision past the end of a stream starts at its last event.
 * - The command record is checked before the expected revision: a retry of a recorded command is
 *   a duplicate even when its expected revision is no longer right, and a reused id with another
 *   hash is a `CommandIdConflictError`. An append that is refused records no command. Command
 *   ids are checked within the stream appended to; whether an id recorded on another stream is
 *   refused is left to the adapter (see the port's header), so no test reuses one across streams.
 * - Event ids are the writer's and fresh: the suite never reuses one, except as a resend of the
 *   same append, and never expects an id stored elsewhere to be refused (the port does not
 *   promise it; EventStoreDB does not check it).
 * - Unique keys are the store-wide check: a key taken anywhere refuses a later append with
 *   `UniqueKeyTakenError`, its holder being the first event of the append that took it.
 * - Refused with `InvalidAppendError`, writing nothing: an empty stream id, no events, more than
 *   `appendEventCountMax` events, an event id that is not a lowercase canonical UUID, the same
 *   event id twice in one append, an empty event type, data or metadata that JSON cannot
 *   represent (a `bigint`, typically a VND amount that was not turned into a string), an
 *   expected revision that is neither one of the three words nor a `bigint` (a `number` is a
 *   common slip) or a negative `bigint`, and unique keys that break their limits.
 * - `countEventsAfter` counts events after an exclusive position, at most its limit; bad
 *   arguments are a `RangeError`.
 * - `caught-up` carries the position the subscription has read through: at least the position
 *   of every event delivered before it.
 */
import { describeAppendContract } from './append.contract';
import { describeBadInputContract } from './bad-input.contract';
import { describeCommandContract } from './commands.contract';
import { openStoreForEachTest } from './contract-support';
import { describeCountContract } from './count.contract';
import type { EventStoreContractHarness } from './contract-support';
import { describeHeadPositionContract } from './head-position.contract';
import { describeReadAllContract } from './read-all.contract';
import { describeReadStreamContract } from './read-stream.contract';
import { describeReopenContract } from './reopen.contract';
import { describeSubscriptionContract } from './subscriptions.contract';
import { describeUniqueKeyContract } from './unique-keys.contract';

export { SubscriptionRecorder, subscriptionWaitTimeoutMs } from './subscription-recorder';
export { ForwardingEventStore } from './forwarding-event-store';
export { InMemoryEventStore, inMemoryEventCountMax, type InMemoryEventStoreOptions } from './in-memory-event-store';
export { runCheckpointStoreContract, type CheckpointStoreContractHarness } from './checkpoint-store.contract';
export { rejectionOf, type EventStoreContractHarness } from './contract-support';

/** One file per capability of the port; the order here is the order jest reports them in. */
export function runEventStoreContract(name: string, makeStore: () => Promise<EventStoreContractHarness>): void {
  describe(`event store contract: ${name}`, () => {
    const context = openStoreForEachTest(makeStore);
    describeAppendContract(context);
    describeReadStreamContract(context);
    describeReadAllContract(context);
    describeSubscriptionContract(context);
    describeCommandContract(context);
    describeUniqueKeyContract(context);
    describeBadInputContract(context);
    describeHeadPositionContract(context);
    describeCountContract(context);
    describeReopenContract(context);
  });
}
