import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { localityIdPattern } from '@ledger/domain';
import type { Principal } from './principal';
import { isRole } from './roles';
import { ledgerTokenClaims, type TokenClaims, type TokenSettings } from './token-settings';

/** The longest bearer token accepted, before any work is spent on it. */
export const tokenLengthMax = 8_192;
/** Verified tokens remembered (until they expire), so a client's next request costs no signature check. */
export const verifiedTokensCachedMax = 10_000;
/** How long a JWKS fetched from the identity provider is trusted before it is fetched again, and how long a fetch may take. */
export const jwksCacheMaxAgeMs = 10 * 60_000;
export const jwksFetchTimeoutMs = 5_000;
/** A token naming an unknown key makes the keys be fetched again, at most this often: rotation is followed, a flood of made-up key ids is not. */
export const jwksRefetchCooldownMs = 30_000;

export type TokenProblem = 'missing' | 'malformed' | 'invalid-signature' | 'algorithm-not-allowed' | 'expired' | 'not-yet-valid' | 'wrong-issuer' | 'wrong-audience' | 'unusable-claims';

/** The request's token cannot be trusted: 401, with the problem named (never the token). */
export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** The identity provider's keys could not be fetched: nobody can be verified, which is the ledger's problem, not the client's. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const userIdPattern = /^[^\u0000-\u001f\u007f-\u009f]{1,100}$/;

function principalOf(payload: JWTPayload, claims: TokenClaims): Principal {
  const userId = claimAt(payload, claims.user);
  if (typeof userId !== 'string' || !userIdPattern.test(userId)) throw new TokenRefusedError('unusable-claims', `the token's ${claims.user} claim is not a user id`);
  const rawRoles = claimAt(payload, claims.roles);
  const listed = Array.isArray(rawRoles) ? rawRoles : [rawRoles];
  const roles = [...new Set(listed.filter(isRole))];
  if (roles.length === 0) throw new TokenRefusedError('unusable-claims', `the token's ${claims.roles} claim names no role of the ledger`);
  const jurisdiction = claimAt(payload, claims.jurisdiction);
  if (typeof jurisdiction !== 'string' || !localityIdPattern.test(jurisdiction)) {
    throw new TokenRefusedError('unusable-claims', `the token's ${claims.jurisdiction} claim is not a locality id`);
  }
  return { userId, roles, jurisdiction, issuer: String(payload.iss) };
}

function problemOf(error: unknown): TokenRefusedError {
  if (error instanceof TokenRefusedError) return error;
  if (error instanceof errors.JWTExpired) return new TokenRefusedError('expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new TokenRefusedError('wrong-issuer', 'the token was not issued by the issuer this ledger trusts');
    if (error.claim === 'aud') return new TokenRefusedError('wrong-audience', 'the token is not meant for this ledger');
    if (error.claim === 'nbf' || error.claim === 'iat') return new TokenRefusedError('not-yet-valid', 'the token is not valid yet');
    return new TokenRefusedError('unusable-claims', `the token's ${error.claim} claim is not acceptable`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return new TokenRefusedError('algorithm-not-allowed', 'the token is signed with an algorithm this ledger does not accept');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return new TokenRefusedError('invalid-signature', 'the token’s signature does not verify');
  return new TokenRefusedError('malformed', 'the token is not a signed JWT');
}

/**
 * Verifies bearer tokens (with `jose`): signature by the configured key — the ledger's own secret
 * (HS256 only) or the identity provider's public keys (asymmetric algorithms only, so a public key
 * can never be used as an HMAC secret) — issuer, audience, expiry and not-before with the
 * configured clock tolerance. `alg: none` is never accepted. Tokens verified once are remembered
 * until they expire.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly claims: TokenClaims;
  private readonly verified = new Map<string, { readonly principal: Principal; readonly expiresAtMs: number }>();

  constructor(
    private readonly settings: TokenSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (settings.kind === 'secret') {
      this.key = settings.secret;
      this.algorithms = ['HS256'];
      this.claims = ledgerTokenClaims;
    } else {
      const keys = settings.keys;
      this.key = 'url' in keys ? createRemoteJWKSet(new URL(keys.url), { cacheMaxAge: jwksCacheMaxAgeMs, timeoutDuration: jwksFetchTimeoutMs, cooldownDuration: settings.refetchCooldownMs ?? jwksRefetchCooldownMs }) : createLocalJWKSet(keys.jwks as never);
      const symmetric = settings.algorithms.filter((algorithm) => /^HS/.test(algorithm) || algorithm === 'none');
      if (symmetric.length > 0) throw new RangeError(`tokens of an identity provider are verified with asymmetric algorithms only, not ${symmetric.join(', ')}`);
      this.algorithms = [...settings.algorithms];
      this.claims = settings.claims;
    }
  }

  /** The verified principal of a bearer token, or a `TokenRefusedError` saying why not. */
  async verify(token: string): Promise<Principal> {
    if (token.length === 0) throw new TokenRefusedError('missing', 'a bearer token is needed');
    if (token.length > tokenLengthMax) throw new TokenRefusedError('malformed', `the token is longer than ${tokenLengthMax} characters`);
    const nowMs = this.now().getTime();
    const cached = this.verified.get(token);
    if (cached && cached.expiresAtMs > nowMs) return cached.principal;
    if (cached) this.verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as never, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        currentDate: new Date(nowMs),
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || (error instanceof Error && /fetch|ECONNREFUSED|ENOTFOUND/i.test(error.message) && !(error instanceof errors.JOSEError))) {
        throw new KeysUnavailableError(`the identity provider's keys could not be fetched: ${error.message}`);
      }
      throw problemOf(error);
    }
    const principal = principalOf(payload, this.claims);
    this.remember(token, principal, Number(payload.exp) * 1000);
    return principal;
  }

  private remember(token: string, principal: Principal, expiresAtMs: number): void {
    if (this.verified.size >= verifiedTokensCachedMax) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { principal, expiresAtMs });
  }
}
