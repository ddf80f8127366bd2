/** How tokens are verified (and, on the embedded default, issued). */
export type TokenSettings =
  | {
      /** The embedded default: tokens signed (HS256) with a secret kept in the data folder. */
      readonly kind: 'secret';
      readonly secret: Uint8Array;
      readonly issuer: string;
      readonly audience: string;
      readonly clockToleranceSeconds: number;
    }
  | {
      /** Behind an identity provider (Keycloak, say): tokens signed with its keys, published as a JWKS. */
      readonly kind: 'jwks';
      /** A JWKS URL (keys fetched, cached and refreshed when a token names an unknown key) or the keys themselves, read from a file. */
      readonly keys: { readonly url: string } | { readonly jwks: { readonly keys: readonly Record<string, unknown>[] } };
      readonly issuer: string;
      readonly audience: string;
      /** Asymmetric algorithms only (RS256, ES256 …): a symmetric one would let a public key sign tokens. */
      readonly algorithms: readonly string[];
      readonly clockToleranceSeconds: number;
      readonly claims: TokenClaims;
      /** The least time between two fetches of the keys when tokens name a key not yet known (a rotation); 30 s when not given. */
      readonly refetchCooldownMs?: number;
    };

/** Where the ledger finds its facts in a token; dotted paths reach into objects (`realm_access.roles`). */
export interface TokenClaims {
  readonly user: string;
  readonly roles: string;
  readonly jurisdiction: string;
}

/** The claims of tokens the ledger issues itself. */
export const ledgerTokenClaims: TokenClaims = { user: 'sub', roles: 'ledger_roles', jurisdiction: 'ledger_jurisdiction' };
/** The issuer and audience of tokens the ledger issues itself. */
export const embeddedIssuer = 'program-ledger';
export const ledgerAudience = 'program-ledger';
