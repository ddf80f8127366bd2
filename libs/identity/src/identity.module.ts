import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { TokenVerifier } from './token-verifier';
import type { TokenSettings } from './token-settings';

/** Authentication and role checks on every endpoint of the app that imports it (import it before the rate limit). */
@Module({})
export class IdentityModule {
  static forRoot(settings: TokenSettings): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      providers: [{ provide: TOKEN_VERIFIER, useValue: new TokenVerifier(settings) }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TOKEN_VERIFIER],
    };
  }
}
