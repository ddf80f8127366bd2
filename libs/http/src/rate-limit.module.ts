import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

export interface RateLimitOptions {
  /** Requests one client may make per window; the next one is answered 429 with `Retry-After`. */
  readonly requests: number;
  readonly windowMs: number;
}

/**
 * Rate limits per client, on every endpoint but the health probes: one client cannot take the API
 * from the others. A client is its address (the proxy's `X-Forwarded-For` when behind one).
 */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: options.windowMs, limit: options.requests }],
          errorMessage: `too many requests from this client: at most ${options.requests} per ${options.windowMs / 1000} s; retry after the number of seconds in Retry-After`,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
