import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { errorBodyFor } from './ledger-exception.filter';
import { checkTexts, parseStrictJson, reservedKeys, StrictInputError } from './strict-json';

export interface HttpEdgeOptions {
  readonly bodyLimitBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Behind a TLS-terminating proxy: send HSTS and trust X-Forwarded-For for the client's address. */
  readonly behindTlsProxy: boolean;
}

/** The longest a path parameter may be (an account id is at most about 80 characters). */
export const pathParameterLengthMax = 200;

/** Fastify's own options: bounded bodies, parameters and times, so a slow or huge request cannot hold the server. */
export function httpServerOptions(options: HttpEdgeOptions): FastifyServerOptions & { frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => void } {
  return {
    bodyLimit: options.bodyLimitBytes,
    routerOptions: { maxParamLength: pathParameterLengthMax },
    // The whole request, body included, within this time: a body trickled in slowly is cut off.
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    connectionTimeout: options.requestTimeoutMs,
    trustProxy: options.behindTlsProxy,
    // A path the router refuses (too long a parameter, bad URL encoding) is answered like every other refusal.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const body = errorBodyFor(error);
      void reply.code(body.statusCode).send(body);
    },
  };
}

/** Answers of these paths are data, figures of the moment: no cache along the way may keep them. */
const dataPathPrefixes = ['/v1/', '/health/', '/metrics'];

function isDataPath(url: string): boolean {
  return dataPathPrefixes.some((prefix) => url.startsWith(prefix));
}

/** Query and path parameters are checked like body fields: no reserved names, no control characters. */
export function checkParameters(request: Pick<FastifyRequest, 'query' | 'params'>): void {
  for (const [source, values] of [
    ['query', request.query],
    ['path', request.params],
  ] as const) {
    if (values === null || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      if (reservedKeys.has(name)) throw new StrictInputError('RESERVED_FIELD_NAME', name, `${name} is not a ${source} parameter the ledger accepts`);
      checkTexts(value, name);
    }
  }
}

export type SecurityHeaders = Readonly<Record<string, string>>;

/** The headers a helmet middleware sets, read once by running it on a response that records them. */
function headersOf(middleware: ReturnType<typeof helmet>): SecurityHeaders {
  const headers: Record<string, string> = {};
  let finished = false;
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  assert(finished, 'helmet set its headers synchronously');
  return Object.freeze(headers);
}

/**
 * The security headers, built once with `helmet` and set on every answer by one hook: helmet's
 * middleware would run a dozen functions per request to set the same constant headers.
 *
 * Data (`/v1/`, `/health/`, `/metrics`) gets the set OWASP's REST Security Cheat Sheet names for
 * an API — a policy that loads nothing and may not be framed, `nosniff`, `DENY`, no referrer, the
 * resource for this origin only, HSTS behind TLS, and `no-store`. Pages (the API documentation,
 * the dashboard) get helmet's whole set for documents, with a policy that loads only their own
 * scripts and styles.
 */
export function securityHeaders(options: Pick<HttpEdgeOptions, 'behindTlsProxy'>): { readonly data: SecurityHeaders; readonly page: SecurityHeaders } {
  const hsts = options.behindTlsProxy ? { maxAge: 31_536_000, includeSubDomains: true } : false;
  const common = { frameguard: { action: 'deny' as const }, hsts, crossOriginResourcePolicy: { policy: 'same-origin' as const }, referrerPolicy: { policy: 'no-referrer' as const } };
  const data = headersOf(
    helmet({
      ...common,
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      // Headers for documents a browser renders: an answer of JSON is none.
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  const page = headersOf(
    helmet({
      ...common,
      contentSecurityPolicy: {
        // Helmet's defaults would add `upgrade-insecure-requests`, which breaks pages served over plain HTTP on a workstation.
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'none'"],
        },
      },
    }),
  );
  return { data: Object.freeze({ ...data, 'cache-control': 'no-store' }), page };
}

/**
 * Sets up the edge every app serves from: JSON bodies only, read strictly (anything else is 415,
 * so a web page cannot post a form that moves money); text parameters checked like body fields;
 * security headers, with `Cache-Control: no-store` on data; and the headers timeout, which
 * Fastify leaves to Node's server. What runs per request is one synchronous hook.
 */
export async function hardenHttpEdge(app: NestFastifyApplication, options: HttpEdgeOptions): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes }, (_request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    try {
      done(null, parseStrictJson(body));
    } catch (error) {
      done(error as Error);
    }
  });
  const headers = securityHeaders(options);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    void reply.headers(isDataPath(request.url) ? headers.data : headers.page);
    try {
      checkParameters(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
  app.getHttpServer().headersTimeout = options.headersTimeoutMs;
}
