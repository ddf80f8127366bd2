import { FixedWindowRateLimitStorage } from './rate-limit-storage';

describe('FixedWindowRateLimitStorage', () => {
  it('counts a client’s requests in its window, blocks past the limit with the seconds left, and starts afresh in the next window', async () => {
    let nowMs = 1_000_000;
    const storage = new FixedWindowRateLimitStorage(() => nowMs);
    const hits = [];
    for (let index = 0; index < 3; index += 1) hits.push(await storage.increment('user:a', 10_000, 3));
    expect(hits.map((hit) => [hit.totalHits, hit.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    nowMs += 2_500;
    expect(await storage.increment('user:a', 10_000, 3)).toEqual({ totalHits: 4, timeToExpire: 8, isBlocked: true, timeToBlockExpire: 8 });
    // Another client has its own count.
    expect(await storage.increment('user:b', 10_000, 3)).toMatchObject({ totalHits: 1, isBlocked: false });
    nowMs += 7_500;
    expect(await storage.increment('user:a', 10_000, 3)).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('forgets clients whose window is over, and remembers a bounded number of clients', async () => {
    let nowMs = 0;
    const storage = new FixedWindowRateLimitStorage(() => nowMs, 3);
    for (const client of ['a', 'b', 'c', 'd']) await storage.increment(client, 1_000, 5);
    expect(storage.clientCount).toBe(3);
    nowMs = 5_000;
    await storage.increment('e', 1_000, 5);
    expect(storage.clientCount).toBe(1);
  });

  it('takes a limit in the millions: the work per request does not grow with the hits counted', async () => {
    const limit = 10_000_000;
    const hitsInWindow = 200_000;
    const storage = new FixedWindowRateLimitStorage(() => 0);
    let last = await storage.increment('user:busy', 60_000, limit);
    for (let index = 1; index < hitsInWindow; index += 1) last = await storage.increment('user:busy', 60_000, limit);
    expect(last).toMatchObject({ totalHits: hitsInWindow, isBlocked: false });
    expect(storage.clientCount).toBe(1);
  });
});
