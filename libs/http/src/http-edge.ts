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

/** Answers of these paths are figures of the moment: no cache along the way may keep them. */
const uncachedPathPrefixes = ['/v1/', '/health/', '/metrics'];

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

/**
 * The security headers, as one middleware built once: @fastify/helmet builds it again on every
 * request (parsing the policy each time), which cost about 2% of a command's time.
 */
export function securityHeadersMiddleware(options: Pick<HttpEdgeOptions, 'behindTlsProxy'>): ReturnType<typeof helmet> {
  return helmet({
    // The API answers JSON; the documentation page loads its own scripts and styles, nothing from elsewhere.
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
    frameguard: { action: 'deny' },
    hsts: options.behindTlsProxy ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/**
 * Sets up the edge every app serves from: JSON bodies only, read strictly (anything else is 415,
 * so a web page cannot post a form that moves money); text parameters checked like body fields;
 * security headers; `Cache-Control: no-store` on data; and the headers timeout, which Fastify
 * leaves to Node's server.
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
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    checkParameters(request);
  });
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (uncachedPathPrefixes.some((prefix) => request.url.startsWith(prefix))) reply.header('Cache-Control', 'no-store');
    return payload;
  });
  const securityHeaders = securityHeadersMiddleware(options);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  app.getHttpServer().headersTimeout = options.headersTimeoutMs;
}
