import { readFileSync } from 'node:fs';
import type { LedgerConfig } from '@ledger/config';
import { embeddedIssuer, ledgerAudience, loadOrCreateTokenSecret, type TokenSettings } from '@ledger/identity';

/** Reads a JWKS file: an object with a non-empty `keys` array, or a start-up error naming the file. */
function readJwksFile(filePath: string): { keys: Record<string, unknown>[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    throw new Error(`LEDGER_AUTH_JWKS_FILE ${filePath} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`LEDGER_AUTH_JWKS_FILE ${filePath} holds no keys (a JWKS is {"keys": [...]})`);
  return { keys: keys as Record<string, unknown>[] };
}

/** How the app verifies tokens, from the configuration: the data folder's secret (created on first start) or the identity provider's keys. */
export function tokenSettingsOf(config: LedgerConfig): TokenSettings {
  const auth = config.auth;
  if (auth.kind === 'secret') {
    return { kind: 'secret', secret: loadOrCreateTokenSecret(auth.secretFile), issuer: embeddedIssuer, audience: ledgerAudience, clockToleranceSeconds: auth.clockToleranceSeconds };
  }
  return {
    kind: 'jwks',
    keys: 'url' in auth.jwks ? { url: auth.jwks.url } : { jwks: readJwksFile(auth.jwks.file) },
    issuer: auth.issuer,
    audience: auth.audience,
    algorithms: auth.algorithms,
    clockToleranceSeconds: auth.clockToleranceSeconds,
    claims: auth.claims,
  };
}
