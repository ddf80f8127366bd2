/**
 * The checkpoint store contract: every adapter of the `CheckpointStore` port passes it unchanged.
 * Subscriber names are random per test, so the suite runs on a database shared with other tests.
 */
import { v4 as uuidv4 } from 'uuid';
import { parkedListCountMax, type CheckpointStore, type ParkedEvent } from '../src';

export interface CheckpointStoreContractHarness {
  readonly store: CheckpointStore;
  /** Closes the store and opens a new one on the same data, as a restarted process would. */
  reopen(): Promise<CheckpointStore>;
}

function parked(key: string, position: bigint, overrides: Partial<ParkedEvent> = {}): ParkedEvent {
  return {
    key,
    position,
    code: 'CREDIT_REFUSED',
    reason: `credit of ${key} refused`,
    attempts: 1,
    parkedAt: '2024-06-14T03:00:00.000Z',
    lastAttemptAt: '2024-06-14T03:00:00.000Z',
    ...overrides,
  };
}

export function runCheckpointStoreContract(name: string, open: () => Promise<CheckpointStoreContractHarness>): void {
  describe(`${name} (checkpoint store contract)`, () => {
    let harness: CheckpointStoreContractHarness;
    let store: CheckpointStore;
    let subscriber: string;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      subscriber = `subscriber-${uuidv4()}`;
    });
    afterEach(async () => {
      await store.close();
    });

    it('loads nothing for a new subscriber, then the last position saved, exactly and across reopening', async () => {
      expect(await store.load(subscriber)).toBeUndefined();
      await store.save(subscriber, 41n);
      await store.save(subscriber, 2n ** 63n - 1n);
      await store.save(`${subscriber}-other`, 7n);
      store = await harness.reopen();
      expect(await store.load(subscriber)).toBe(2n ** 63n - 1n);
      expect(await store.load(`${subscriber}-other`)).toBe(7n);
    });

    it('keeps parked events across reopening, in position order, and per subscriber', async () => {
      await store.park(subscriber, parked('transfer-b', 20n));
      await store.park(subscriber, parked('transfer-a', 10n, { reason: 'Số dư vượt giới hạn — "quoted"' }));
      await store.park(`${subscriber}-other`, parked('transfer-c', 5n));
      store = await harness.reopen();
      expect(await store.countParked(subscriber)).toBe(2);
      const listed = await store.listParked(subscriber);
      expect(listed.map((entry) => entry.key)).toEqual(['transfer-a', 'transfer-b']);
      expect(listed[0]).toEqual(parked('transfer-a', 10n, { reason: 'Số dư vượt giới hạn — "quoted"' }));
      expect(await store.findParked(subscriber, 'transfer-b')).toEqual(parked('transfer-b', 20n));
      expect(await store.findParked(subscriber, 'transfer-c')).toBeUndefined();
    });

    it('updates a parked event in place, keeping when it was first parked', async () => {
      await store.park(subscriber, parked('transfer-a', 10n));
      await store.park(subscriber, parked('transfer-a', 10n, { attempts: 3, code: 'STORE_ERROR', reason: 'store down', parkedAt: '2030-01-01T00:00:00.000Z', lastAttemptAt: '2024-06-15T00:00:00.000Z' }));
      expect(await store.countParked(subscriber)).toBe(1);
      expect(await store.findParked(subscriber, 'transfer-a')).toEqual(
        parked('transfer-a', 10n, { attempts: 3, code: 'STORE_ERROR', reason: 'store down', lastAttemptAt: '2024-06-15T00:00:00.000Z' }),
      );
    });

    it('unparks once: a second unpark reports there was nothing', async () => {
      await store.park(subscriber, parked('transfer-a', 10n));
      expect(await store.unpark(subscriber, 'transfer-a')).toBe(true);
      expect(await store.unpark(subscriber, 'transfer-a')).toBe(false);
      expect(await store.countParked(subscriber)).toBe(0);
      expect(await store.listParked(subscriber)).toEqual([]);
    });

    it('pages parked events by position and bounds the page', async () => {
      for (let index = 1; index <= 5; index += 1) await store.park(subscriber, parked(`transfer-${index}`, BigInt(index * 10)));
      const first = await store.listParked(subscriber, { limit: 2 });
      expect(first.map((entry) => entry.position)).toEqual([10n, 20n]);
      const next = await store.listParked(subscriber, { afterPosition: first[1].position, limit: 2 });
      expect(next.map((entry) => entry.position)).toEqual([30n, 40n]);
      expect(await store.listParked(subscriber, { limit: parkedListCountMax + 1 })).toHaveLength(5);
      await expect(store.listParked(subscriber, { limit: 0 })).rejects.toThrow(RangeError);
      await expect(store.listParked(subscriber, { limit: 1.5 })).rejects.toThrow(RangeError);
    });
  });
}
