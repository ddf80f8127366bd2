import { v7 as uuidv7 } from 'uuid';
import type { EventToAppend } from '../src';
import { InMemoryEventStore, inMemoryEventCountMax, runEventStoreContract } from '.';

// The double is held to the same contract as the real adapters, so a unit test that passes on
// it asks nothing of the store that the adapters do not do.
runEventStoreContract('in memory (test double)', async () => {
  const store = new InMemoryEventStore();
  return { store, dispose: () => store.close() };
});

function noted(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => ({ id: uuidv7(), type: 'Noted', data: { index }, metadata: {} }));
}

describe('InMemoryEventStore', () => {
  it('holds events up to its limit and refuses an append past it, writing nothing', async () => {
    const store = new InMemoryEventStore({ eventCountMax: 3 });
    await store.appendToStream('stream-a', noted(2), { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('stream-b', noted(2), { expectedRevision: 'no_stream' })).rejects.toThrow(
      'holds at most 3 events',
    );
    expect(await store.readStream('stream-b')).toEqual([]);
    const atLimit = await store.appendToStream('stream-b', noted(1), { expectedRevision: 'no_stream' });
    expect(atLimit.position).toBe(2n);
    await expect(store.appendToStream('stream-b', noted(1), { expectedRevision: 0n })).rejects.toThrow('holds at most 3 events');
    expect(await store.headPosition()).toBe(2n);
  });

  it('accepts a limit from 1 to inMemoryEventCountMax only', () => {
    expect(() => new InMemoryEventStore({ eventCountMax: 1 })).not.toThrow();
    expect(() => new InMemoryEventStore({ eventCountMax: inMemoryEventCountMax })).not.toThrow();
    for (const eventCountMax of [0, 1.5, inMemoryEventCountMax + 1]) {
      expect(() => new InMemoryEventStore({ eventCountMax })).toThrow(RangeError);
    }
  });

  it('hands out new objects on every read, so a test that changes what it read changes nothing stored', async () => {
    const store = new InMemoryEventStore();
    const [event] = noted(1);
    await store.appendToStream('stream-a', [event], { expectedRevision: 'no_stream', command: { commandId: 'command-1', requestHash: 'hash-1' } });
    const [read] = await store.readStream('stream-a');
    (read.data as { index: number }).index = 99;
    (event.data as { index: number }).index = 98;
    ((await store.findCommand('command-1'))?.eventIds as string[]).splice(0);

    expect((await store.readAll())[0].data).toEqual({ index: 0 });
    expect((await store.findCommand('command-1'))?.eventIds).toEqual([event.id]);
  });

  it('refuses every call once closed', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('stream-a', noted(1), { expectedRevision: 'no_stream' });
    await store.close();
    await store.close();
    await expect(store.readStream('stream-a')).rejects.toThrow('closed');
    await expect(store.appendToStream('stream-a', noted(1), { expectedRevision: 0n })).rejects.toThrow('closed');
    await expect(store.headPosition()).rejects.toThrow('closed');
    expect(() => store.subscribeToAll()).toThrow('closed');
  });
});
