import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { issueToken } from './token-issuer';
import { TokenRefusedError, TokenVerifier } from './token-verifier';
import type { TokenSettings } from './token-settings';

const issuer = 'https://sso.example.vn/realms/mof';
const audience = 'program-ledger';
const claims = { user: 'preferred_username', roles: 'realm_access.roles', jurisdiction: 'ledger_jurisdiction' };

async function keyPair(alg: 'RS256' | 'ES256', kid: string): Promise<{ privateKey: KeyLike; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function providerToken(key: { privateKey: KeyLike; jwk: JWK }, overrides: { alg?: string; iss?: string; aud?: string; exp?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ preferred_username: 'nguyen.van.a', realm_access: { roles: ['offline_access', 'finance-officer'] }, ledger_jurisdiction: '11' })
    .setProtectedHeader({ alg: overrides.alg ?? (key.jwk.alg as string), kid: key.jwk.kid })
    .setIssuer(overrides.iss ?? issuer)
    .setAudience(overrides.aud ?? audience)
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 300)
    .sign(key.privateKey);
}

function jwksSettings(keys: Extract<TokenSettings, { kind: 'jwks' }>['keys']): TokenSettings {
  return { kind: 'jwks', keys, issuer, audience, algorithms: ['RS256', 'ES256'], clockToleranceSeconds: 30, claims };
}

async function problemOf(verifier: TokenVerifier, token: string): Promise<string | undefined> {
  try {
    await verifier.verify(token);
    return undefined;
  } catch (error) {
    if (error instanceof TokenRefusedError) return error.problem;
    throw error;
  }
}

describe('TokenVerifier behind an identity provider', () => {
  it('takes RS256 and ES256 tokens of the provider’s keys, reading the claims the deployment names', async () => {
    const rsa = await keyPair('RS256', 'rsa-1');
    const ec = await keyPair('ES256', 'ec-1');
    const verifier = new TokenVerifier(jwksSettings({ jwks: { keys: [rsa.jwk, ec.jwk] as never } }));
    for (const key of [rsa, ec]) {
      expect(await verifier.verify(await providerToken(key))).toEqual({ userId: 'nguyen.van.a', roles: ['finance-officer'], jurisdiction: '11', issuer });
    }
  });

  it('refuses an HS256 token signed with the public key (key confusion), alg none, a foreign key, and the wrong issuer or audience', async () => {
    const rsa = await keyPair('RS256', 'rsa-1');
    const verifier = new TokenVerifier(jwksSettings({ jwks: { keys: [rsa.jwk] as never } }));
    const publicKeyBytes = new TextEncoder().encode(JSON.stringify(rsa.jwk));
    const now = Math.floor(Date.now() / 1000);
    const confused = await new SignJWT({ preferred_username: 'x', realm_access: { roles: ['administrator'] }, ledger_jurisdiction: 'VN' })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(now + 300)
      .sign(publicKeyBytes);
    expect(await problemOf(verifier, confused)).toBe('algorithm-not-allowed');
    const [, payload] = (await providerToken(rsa)).split('.');
    expect(await problemOf(verifier, `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`)).toBe('algorithm-not-allowed');
    expect(await problemOf(verifier, await providerToken(await keyPair('RS256', 'rsa-1')))).toBe('invalid-signature');
    expect(await problemOf(verifier, await providerToken(rsa, { iss: 'https://evil.example' }))).toBe('wrong-issuer');
    expect(await problemOf(verifier, await providerToken(rsa, { aud: 'other-api' }))).toBe('wrong-audience');
    expect(await problemOf(verifier, await providerToken(rsa, { exp: now - 120 }))).toBe('expired');
    // Within the clock tolerance, a token just expired still passes.
    expect(await problemOf(verifier, await providerToken(rsa, { exp: now - 10 }))).toBeUndefined();
  });

  it('refuses to be configured with a symmetric algorithm for an identity provider', () => {
    expect(() => new TokenVerifier({ ...jwksSettings({ jwks: { keys: [] } }), algorithms: ['RS256', 'HS256'] } as TokenSettings)).toThrow(RangeError);
  });

  describe('with keys fetched from a JWKS URL', () => {
    let server: Server;
    let published: JWK[] = [];
    let fetches = 0;
    let url: string;
    beforeAll(async () => {
      server = createServer((_request, response) => {
        fetches += 1;
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: published }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/certs`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('caches the keys, and fetches them again when a token names a key it does not know (rotation)', async () => {
      const first = await keyPair('RS256', 'key-2026-11');
      published = [first.jwk];
      const verifier = new TokenVerifier({ ...jwksSettings({ url }), refetchCooldownMs: 0 } as TokenSettings);
      await verifier.verify(await providerToken(first));
      await verifier.verify(await providerToken(first));
      expect(fetches).toBe(1);
      const rotated = await keyPair('ES256', 'key-2026-12');
      published = [first.jwk, rotated.jwk];
      expect(await verifier.verify(await providerToken(rotated))).toMatchObject({ userId: 'nguyen.van.a' });
      expect(fetches).toBe(2);
      // A retired key stops verifying once the provider no longer publishes it.
      published = [rotated.jwk];
      const retired = await keyPair('RS256', 'key-2026-10');
      expect(await problemOf(verifier, await providerToken(retired))).toBe('invalid-signature');
    });
  });
});

describe('TokenVerifier on the embedded default', () => {
  const secret = new Uint8Array(32).fill(7);
  const settings: TokenSettings = { kind: 'secret', secret, issuer: 'program-ledger', audience: 'program-ledger', clockToleranceSeconds: 0 };

  it('verifies the tokens the ledger issues, and remembers them until they expire', async () => {
    let now = new Date('2026-12-01T00:00:00Z');
    const verifier = new TokenVerifier(settings, () => now);
    const token = await issueToken(secret, { userId: 'u-1', roles: ['reporter', 'auditor'], jurisdiction: '096', ttlSeconds: 60 }, now);
    expect(await verifier.verify(token)).toEqual({ userId: 'u-1', roles: ['reporter', 'auditor'], jurisdiction: '096', issuer: 'program-ledger' });
    now = new Date('2026-12-01T00:00:59Z');
    await verifier.verify(token);
    now = new Date('2026-12-01T00:01:01Z');
    expect(await problemOf(verifier, token)).toBe('expired');
  });

  it('refuses an RS256 token, a token longer than the limit, and claims it cannot use', async () => {
    const verifier = new TokenVerifier(settings);
    expect(await problemOf(verifier, await providerToken(await keyPair('RS256', 'k')))).toBe('algorithm-not-allowed');
    expect(await problemOf(verifier, 'x'.repeat(9_000))).toBe('malformed');
    const now = Math.floor(Date.now() / 1000);
    const badJurisdiction = await new SignJWT({ ledger_roles: ['auditor'], ledger_jurisdiction: 'not a locality' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer('program-ledger')
      .setAudience('program-ledger')
      .setExpirationTime(now + 60)
      .sign(secret);
    expect(await problemOf(verifier, badJurisdiction)).toBe('unusable-claims');
  });
});
