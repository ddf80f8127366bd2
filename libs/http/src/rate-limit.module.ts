import { Injectable, Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { FixedWindowRateLimitStorage } from './rate-limit-storage';

/**
 * Counts requests per user once the token is verified (the guard before this one leaves the
 * principal on the request), and per address for anything else.
 */
@Injectable()
class PerClientThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as { issuer?: string; userId?: string } | undefined;
    if (principal?.userId !== undefined) return `user:${principal.issuer ?? ''}/${principal.userId}`;
    return `address:${String(request.ip)}`;
  }

  /**
   * The throttler's key, per route and client as its own, without the sha256 it takes of it: the
   * counters live in this process's memory (bounded), where the text itself is as good a key, and
   * hashing it was the guard's largest cost on every request.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }
}

export interface RateLimitOptions {
  /** Requests one client may make per window; the next one is answered 429 with `Retry-After`. */
  readonly requests: number;
  readonly windowMs: number;
}

/**
 * Rate limits per client, on every endpoint but the health probes: one client cannot take the API
 * from the others. A client is its verified user, else its address (the proxy's `X-Forwarded-For`
 * when behind one).
 */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: options.windowMs, limit: options.requests }],
          storage: new FixedWindowRateLimitStorage(),
          errorMessage: `too many requests from this client: at most ${options.requests} per ${options.windowMs / 1000} s; retry after the number of seconds in Retry-After`,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: PerClientThrottlerGuard }],
    };
  }
}
