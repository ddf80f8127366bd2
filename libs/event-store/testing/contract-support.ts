/**
 * What the parts of the event store contract share: the harness an adapter provides, the test
 * context through which each part reaches the store under test, and the helpers that make fresh
 * ids and check the figures every part checks.
 */
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import type { AppendResult, EventStore, EventToAppend, JsonObject, RecordedEvent, Subscription } from '../src';
import { SubscriptionRecorder } from './subscription-recorder';

export interface EventStoreContractHarness {
  readonly store: EventStore;
  /**
   * Closes the current store and opens a new one on the same data, as a restarted process
   * would. Omit it when the adapter has nothing to reopen.
   */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes whichever store is current (the first or the last reopened) and removes what the harness created. */
  readonly dispose: () => Promise<void>;
}

/**
 * Per test, not per assertion: the suite's largest test appends `readCountMax + 1` events, and a
 * remote server on a loaded CI machine must not turn slowness into a failure.
 */
export const contractTestTimeoutMs = 120_000;
/** How many contenders race for one revision in the concurrency tests. */
export const contenderCount = 20;
/**
 * Events per append when a test needs many events. It keeps every append well under
 * EventStoreDB's default maximum append size (1 MiB).
 */
const bulkAppendEventCount = 1_000;

/**
 * The running test's way to the store under test. The parts of the suite register their tests
 * when jest collects them, before any store exists; a fresh harness is opened before every test
 * and disposed of after it, so a test reads the store from here when it runs, never earlier.
 */
export interface ContractTestContext {
  /** The harness of the running test. */
  readonly harness: EventStoreContractHarness;
  /** The store the harness opened for the running test. */
  readonly store: EventStore;
  /** Records a subscription's messages; the subscription is closed after the test, even one that failed. */
  record(subscription: Subscription): SubscriptionRecorder;
  /** Closes a subscription the test reads by itself after the test, even one that failed. */
  closeAfterTest(subscription: Subscription): void;
  /**
   * Registers a test in the enclosing `describe`. Its body is given the store the harness opened
   * for it and may take as long as `contractTestTimeoutMs`.
   */
  test(title: string, body: (store: EventStore) => Promise<void>): void;
}

/**
 * Registers, in the enclosing `describe`, the hooks that open a harness before each test and
 * dispose of it after, and returns the context through which the tests reach it.
 */
export function openStoreForEachTest(makeStore: () => Promise<EventStoreContractHarness>): ContractTestContext {
  let current: EventStoreContractHarness | undefined;
  let openSubscriptions: Subscription[] = [];

  beforeEach(async () => {
    current = await makeStore();
    openSubscriptions = [];
  });

  afterEach(async () => {
    // Closing is idempotent; this only catches subscriptions a failed test left open.
    for (const subscription of openSubscriptions) await subscription.close();
    await current?.dispose();
    current = undefined;
  });

  const runningHarness = (): EventStoreContractHarness => {
    if (current === undefined) throw new Error('the store under test exists only while a test runs');
    return current;
  };
  return {
    get harness() {
      return runningHarness();
    },
    get store() {
      return runningHarness().store;
    },
    record(subscription) {
      openSubscriptions.push(subscription);
      return new SubscriptionRecorder(subscription);
    },
    closeAfterTest(subscription) {
      openSubscriptions.push(subscription);
    },
    test(title, body) {
      it(title, () => body(runningHarness().store), contractTestTimeoutMs);
    },
  };
}

export function newStreamId(): string {
  return `contract-${uuidv4().replace(/-/g, '')}`;
}

/** A prefix no other test uses, for tests that need several streams found together. */
export function newStreamPrefix(): string {
  return `${newStreamId()}-`;
}

/** Event types unique to one test, so type filters on a shared store see only that test's events. */
export function newEventType(label: string): string {
  return `Contract${label}-${uuidv4().replace(/-/g, '')}`;
}

export function newEvent(type: string, data: JsonObject = { note: 'ghi chú' }, metadata: JsonObject = { source: 'contract' }): EventToAppend {
  return { id: uuidv7(), type, data, metadata };
}

export function newEvents(count: number, type: string): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent(type, { index }));
}

export function newCommand(): { commandId: string; requestHash: string } {
  return { commandId: uuidv7(), requestHash: `sha256-${uuidv4().replace(/-/g, '')}` };
}

export function ids(events: readonly EventToAppend[]): string[] {
  return events.map((event) => event.id);
}

export function summary(event: RecordedEvent): { id: string; revision: bigint; position: bigint } {
  return { id: event.id, revision: event.revision, position: event.position };
}

export function expectStrictlyIncreasing(values: readonly bigint[]): void {
  for (let index = 1; index < values.length; index++) {
    expect(values[index]).toBeGreaterThan(values[index - 1]);
  }
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to be rejected, but it was fulfilled');
}

export async function idsOfStream(store: EventStore, streamId: string): Promise<string[]> {
  return (await store.readStream(streamId)).map((event) => event.id);
}

/** Appends `events` to a new stream in appends of `bulkAppendEventCount`, each at the revision the one before left. */
export async function appendInChunks(store: EventStore, streamId: string, events: readonly EventToAppend[]): Promise<AppendResult[]> {
  const results: AppendResult[] = [];
  for (let start = 0; start < events.length; start += bulkAppendEventCount) {
    const chunk = events.slice(start, start + bulkAppendEventCount);
    results.push(await store.appendToStream(streamId, chunk, { expectedRevision: start === 0 ? 'no_stream' : BigInt(start - 1) }));
  }
  return results;
}

/**
 * The head is the last event's position. Other writers may share the store, so the head may
 * have moved past `position`, but it is never behind it and always names a stored event.
 */
export async function expectHeadAtOrAfter(store: EventStore, position: bigint): Promise<void> {
  const head = await store.headPosition();
  expect(head).toBeGreaterThanOrEqual(position);
  const fromPosition = await store.readAll({ fromPosition: position });
  const upToHead = fromPosition.filter((event) => event.position <= head);
  expect(upToHead[0]?.position).toBe(position);
  expect(upToHead.at(-1)?.position).toBe(head);
}
