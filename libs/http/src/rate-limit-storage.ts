import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler's guard reads back from its storage for one request. */
export interface RateLimitRecord {
  readonly totalHits: number;
  /** Seconds until the client's window ends. */
  readonly timeToExpire: number;
  readonly isBlocked: boolean;
  /** Seconds until a blocked client may ask again (its `Retry-After`); 0 when not blocked. */
  readonly timeToBlockExpire: number;
}

/** Clients remembered at most; past it the oldest window is forgotten (its client starts afresh). */
const clientsRememberedMax = 100_000;

interface ClientWindow {
  readonly startedAtMs: number;
  hits: number;
}

/**
 * Counts each client's requests in fixed windows: one counter per client, the same few steps per
 * request whatever the limit. The throttler's own storage keeps the expiry of every hit in the
 * window and filters them all on each request, so each request costs in proportion to the hits
 * already counted (200,000 hits in one window, a limit an operator may configure, took minutes of
 * CPU). The price of fixed windows: a client may send up to twice its limit across the boundary of
 * two windows.
 */
export class FixedWindowRateLimitStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, ClientWindow>();
  private sweptAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly clientsMax: number = clientsRememberedMax,
  ) {}

  async increment(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    const nowMs = this.now();
    this.sweep(nowMs, ttl);
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedAtMs >= ttl) {
      window = { startedAtMs: nowMs, hits: 0 };
      // Re-inserted, so the map stays in the order windows started and the oldest is first.
      this.windows.delete(key);
      if (this.windows.size >= this.clientsMax) this.forgetOldest();
      this.windows.set(key, window);
    }
    const isBlocked = window.hits >= limit;
    if (!isBlocked) window.hits += 1;
    const timeToExpire = Math.max(1, Math.ceil((window.startedAtMs + ttl - nowMs) / 1000));
    return { totalHits: isBlocked ? limit + 1 : window.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  /** Clients whose window is over are forgotten, at most once per window length. */
  private sweep(nowMs: number, ttl: number): void {
    if (nowMs - this.sweptAtMs < ttl) return;
    this.sweptAtMs = nowMs;
    for (const [key, window] of this.windows) {
      // Oldest first: the first window still running ends the sweep.
      if (nowMs - window.startedAtMs < ttl) break;
      this.windows.delete(key);
    }
  }

  private forgetOldest(): void {
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }

  /** Clients remembered now (for tests). */
  get clientCount(): number {
    return this.windows.size;
  }
}
