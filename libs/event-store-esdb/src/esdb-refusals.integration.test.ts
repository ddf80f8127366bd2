/**
 * The server's refusals in the port's terms, each with a typed error and a message that says
 * what to do: version conflicts, the maximum append size and KurrentDB 25's maximum event size,
 * deleted (tombstoned, soft-deleted, truncated) streams, streams and types EventStoreDB or the
 * adapter reserve. And the figures that must not be confused with positions.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { v7 as uuidv7 } from 'uuid';
import { AppendTooLargeError, InvalidAppendError, StreamDeletedError, WrongExpectedRevisionError } from '@ledger/event-store';
import { rejectionOf } from '@ledger/event-store/testing';
import { EsdbTestDouble } from '@ledger/esdb-test-double';
import { toClientConnectionString } from './connection-string';
import type { EsdbEventStore } from './esdb-event-store';
import { newCommand, newEvent, newEvents, openTestStore } from './esdb-integration-support';

describe.each(['batch-append', 'append'] as const)('EsdbEventStore refusals (test double appending through %s)', (appendProtocol) => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;
  let raw: EventStoreDBClient;

  beforeEach(async () => {
    double = await EsdbTestDouble.start({ appendProtocol, maxAppendEventSizeBytes: 64 * 1024 });
    store = await openTestStore(double.connectionString);
    raw = EventStoreDBClient.connectionString(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await raw.dispose();
    await double.stop();
  });

  it("maps EventStoreDB's version conflict to WrongExpectedRevisionError with the actual revision", async () => {
    await store.appendToStream('account-conflict', newEvents(3), { expectedRevision: 'no_stream' });
    // Another writer moves the stream on, straight through the client.
    await raw.appendToStream('account-conflict', [jsonEvent({ id: uuidv7(), type: 'Noted', data: {}, metadata: {} })], { expectedRevision: 2n });

    const stale = await rejectionOf(store.appendToStream('account-conflict', newEvents(1), { expectedRevision: 2n, command: newCommand() }));
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect((stale as WrongExpectedRevisionError).actualRevision).toBe(3n);
    expect((stale as WrongExpectedRevisionError).expectedRevision).toBe(2n);

    const missing = await rejectionOf(store.appendToStream('account-none', newEvents(1), { expectedRevision: 'stream_exists' }));
    expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
    expect((missing as WrongExpectedRevisionError).actualRevision).toBeUndefined();
  });

  it("refuses an append larger than the server's maximum append size with AppendTooLargeError, taking no key", async () => {
    const large = Array.from({ length: 20 }, () => newEvent({ blob: 'x'.repeat(60 * 1024) }));
    const error = await rejectionOf(store.appendToStream('account-large', large, { expectedRevision: 'no_stream', command: newCommand(), uniqueKeys: ['KBNN-large'] }));
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect((error as AppendTooLargeError).limit).toBe('append');
    expect((error as AppendTooLargeError).limitBytes).toBe(double.log.maxAppendSizeBytes);
    expect((error as Error).message).toMatch(/maximum append size .*MaxAppendSize/);
    expect(await store.readStream('account-large')).toEqual([]);
    await store.appendToStream('account-small', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-large'] });
  });

  it("refuses an event larger than KurrentDB 25's maximum event size with AppendTooLargeError, whichever way the client hears it", async () => {
    const event = newEvent({ blob: 'x'.repeat(65 * 1024) });
    const error = await rejectionOf(store.appendToStream('account-big-event', [event], { expectedRevision: 'no_stream' }));
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect((error as AppendTooLargeError).limit).toBe('event');
    expect((error as Error).message).toMatch(/maximum event size .*MaxAppendEventSize/);
    if (appendProtocol === 'append') {
      // Only Streams.Append brings the figures; the 6.x client drops them from BatchAppend's answer.
      expect((error as AppendTooLargeError).limitBytes).toBe(64 * 1024);
      expect((error as AppendTooLargeError).eventId).toBe(event.id);
    }
    expect(await store.readStream('account-big-event')).toEqual([]);
  });

  it('a tombstoned stream can be neither read nor appended to: StreamDeletedError, not a retry, not an empty stream', async () => {
    await store.appendToStream('account-tombstoned', newEvents(2), { expectedRevision: 'no_stream' });
    await raw.tombstoneStream('account-tombstoned');
    const read = await rejectionOf(store.readStream('account-tombstoned'));
    expect(read).toBeInstanceOf(StreamDeletedError);
    expect((read as Error).message).toMatch(/tombstone/);
    const append = await rejectionOf(store.appendToStream('account-tombstoned', newEvents(1), { expectedRevision: 1n, command: newCommand(), uniqueKeys: ['KBNN-tomb'] }));
    expect(append).toBeInstanceOf(StreamDeletedError);
    await store.appendToStream('account-elsewhere', [newEvent()], { expectedRevision: 'no_stream', uniqueKeys: ['KBNN-tomb'] });
  });

  it('a soft-deleted stream written again is reported, and its reads refuse to skip the hidden events', async () => {
    await store.appendToStream('account-soft', newEvents(2), { expectedRevision: 'no_stream' });
    await raw.deleteStream('account-soft');
    expect(await store.readStream('account-soft')).toEqual([]);
    const recreated = await rejectionOf(store.appendToStream('account-soft', newEvents(1), { expectedRevision: 'no_stream' }));
    expect(recreated).toBeInstanceOf(StreamDeletedError);
    expect((recreated as Error).message).toMatch(/soft-deleted: this append was stored at revision 2/);
    const fold = await rejectionOf(store.readStream('account-soft'));
    expect(fold).toBeInstanceOf(StreamDeletedError);
    expect((fold as Error).message).toMatch(/revision 0 to 1 are gone/);
  });
});

describe('EsdbEventStore reserved streams and hidden records (test double with projections on)', () => {
  let double: EsdbTestDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await EsdbTestDouble.start({ linkEventsByType: true });
    store = await openTestStore(double.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('refuses system and claim streams and $-prefixed types, and hides claims, links and system records from reads and the head', async () => {
    for (const streamId of ['$system', 'uniquekey-1', 'uniquekey-']) {
      expect(await rejectionOf(store.appendToStream(streamId, newEvents(1), { expectedRevision: 'any' }))).toBeInstanceOf(InvalidAppendError);
    }
    expect(await rejectionOf(store.appendToStream('account-x', [{ ...newEvent(), type: '$metadata' }], { expectedRevision: 'any' }))).toBeInstanceOf(InvalidAppendError);

    const appended = await store.appendToStream('account-visible', newEvents(2), { expectedRevision: 'no_stream', command: newCommand(), uniqueKeys: ['KBNN-1'] });
    const all = await store.readAll();
    expect(all.map((event) => event.streamId)).toEqual(['account-visible', 'account-visible']);
    expect(await store.headPosition()).toBe(appended.position);
    // The log itself holds the claim and the links too.
    expect(double.log.all.length).toBeGreaterThan(all.length + 3);
  });

  it('counts events, not positions: a count is the number of events however far apart their positions are', async () => {
    const first = await store.appendToStream('account-counted', newEvents(10), { expectedRevision: 'no_stream' });
    await store.appendToStream('account-counted', [newEvent()], { expectedRevision: 9n, uniqueKeys: ['KBNN-counted'] });
    const head = await store.headPosition();
    // Byte offsets with links and claims between them: the difference says nothing about events.
    expect(head - first.firstPosition).toBeGreaterThan(1_000n);
    expect(await store.countEventsAfter(first.firstPosition, 1_000n)).toBe(10n);
    expect(await store.countEventsAfter(-1n, 1_000n)).toBe(11n);
    expect(await store.countEventsAfter(-1n, 4n)).toBe(4n);
  });
});

it('accepts kurrentdb:// connection strings', () => {
  expect(toClientConnectionString('kurrentdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
  expect(toClientConnectionString('kurrentdb+discover://cluster.local:2113')).toBe('esdb+discover://cluster.local:2113');
  expect(toClientConnectionString('esdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
});
