import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { LedgerConfig } from '@ledger/config';
import { issueToken, loadOrCreateTokenSecret, roles, type Role } from '@ledger/identity';

export type HttpClient = ReturnType<typeof request>;

/**
 * The role a test request acts in by default, from its method and path: commands are a finance
 * officer's, approvals an approver's, the registry and administration an administrator's, reads an
 * auditor's. A test that is about roles asks for a token of its own (`as`).
 */
export function defaultRoleFor(method: string, path: string): Role {
  const verb = method.toUpperCase();
  if (path.startsWith('/v1/admin/') || path.startsWith('/v1/projections/') || path.startsWith('/metrics')) return 'administrator';
  if (verb !== 'GET' && path.startsWith('/v1/programs')) return 'administrator';
  if (verb !== 'GET' && path.startsWith('/v1/approvals')) return 'approver';
  if (verb !== 'GET') return 'finance-officer';
  return 'auditor';
}

export interface TokenOptions {
  readonly jurisdiction?: string;
  readonly userId?: string;
  readonly ttlSeconds?: number;
}

/** Tokens for a test ledger, signed with its own secret as `npm run cli -- token` signs them. */
export class TestTokens {
  private constructor(
    private readonly secret: Uint8Array,
    private readonly defaults: ReadonlyMap<Role, string>,
  ) {}

  /** Reads the ledger's secret and signs a national token for each role, for the default client. */
  static async of(config: LedgerConfig): Promise<TestTokens> {
    if (config.auth.kind !== 'secret') throw new Error('test tokens need the embedded default (a secret in the data folder)');
    const secret = loadOrCreateTokenSecret(config.auth.secretFile);
    const defaults = new Map<Role, string>();
    for (const role of roles) defaults.set(role, await issueToken(secret, { userId: `test-${role}`, roles: [role], jurisdiction: 'VN', ttlSeconds: 24 * 3600 }));
    return new TestTokens(secret, defaults);
  }

  defaultToken(role: Role): string {
    return this.defaults.get(role) as string;
  }

  token(role: Role, options: TokenOptions = {}): Promise<string> {
    return issueToken(this.secret, { userId: options.userId ?? `test-${role}`, roles: [role], jurisdiction: options.jurisdiction ?? 'VN', ttlSeconds: options.ttlSeconds ?? 3600 });
  }
}

const verbs = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * A supertest client whose requests carry a bearer token: the one given, or the national token of
 * the role the request's method and path call for.
 */
export function authorizedClient(app: NestFastifyApplication, tokens: TestTokens, token?: string): HttpClient {
  const client = request(app.getHttpServer());
  return new Proxy(client, {
    get(target, property, receiver) {
      if (typeof property === 'string' && (verbs as readonly string[]).includes(property)) {
        return (path: string) => {
          const test = (target as unknown as Record<string, (url: string) => request.Test>)[property](path);
          return test.set('Authorization', `Bearer ${token ?? tokens.defaultToken(defaultRoleFor(property, path))}`);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
