import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { parseEventStoreUrl, type EventStoreLocation } from './event-store-url';
import { parseReadStoreUrl, type ReadStoreLocation } from './read-store-url';

/**
 * The one validated configuration, read once at start-up. Only this module reads
 * `process.env`; a missing or bad value stops the process with a message that names it.
 */
export interface LedgerConfig {
  /** Folder of the embedded stores. */
  readonly dataDir: string;
  /** The SQLite event store file (used when `eventStore` is the embedded store). */
  readonly eventStoreFile: string;
  /** `LEDGER_EVENT_STORE_URL`: the embedded SQLite file (default) or an EventStoreDB node or cluster. */
  readonly eventStore: EventStoreLocation;
  /** `LEDGER_READ_STORE_URL`: the embedded SQLite read store (default) or a PostgreSQL database. */
  readonly readStore: ReadStoreLocation;
  /** `text` (Nest's coloured lines) or `json` (one JSON object a line, for log collectors). */
  readonly logFormat: 'text' | 'json';
  /** `FULL` makes every commit durable on power loss; `NORMAL` only on process crash. */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Where the embedded store commits: on its own writer thread, or inline on the main thread. */
  readonly sqliteWriter: 'thread' | 'inline';
  readonly httpHost: string;
  readonly httpPort: number;
  readonly httpBodyLimitBytes: number;
  /** How long a client may take to send a request's headers, its whole request, and how long an idle connection stays open. */
  readonly httpHeadersTimeoutMs: number;
  readonly httpRequestTimeoutMs: number;
  readonly httpKeepAliveTimeoutMs: number;
  /** Requests one client may make per window (`LEDGER_RATE_LIMIT_REQUESTS` per `LEDGER_RATE_LIMIT_WINDOW_MS`); beyond it, 429. */
  readonly rateLimitRequests: number;
  readonly rateLimitWindowMs: number;
  /** Days an entry may be back-dated without citing a decision; later entries need one and are marked late. */
  readonly backdatingWindowDays: number;
  /** Years after the plan year whose 31 December an extension may reach: ordinary, per capital type, and under a special National Assembly resolution. */
  readonly extensionYearsInvestment: number;
  readonly extensionYearsRecurrent: number;
  readonly extensionYearsSpecialResolution: number;
  /**
   * Four-eyes: per level of a movement's source account, the amount (whole đồng) from which a
   * budget assignment, allocation, reallocation or return waits for an approver; null at a level
   * where none does (`LEDGER_APPROVAL_THRESHOLD_{NATION|PROVINCE|DISTRICT|COMMUNE}_VND`, unset by default).
   */
  readonly approvalThresholdsVnd: ApprovalThresholdsVnd;
  /** Hours a movement request waits for its approval before it expires (`LEDGER_APPROVAL_EXPIRY_HOURS`). */
  readonly approvalExpiryHours: number;
  /** How often expired requests are looked for and recorded as expired, where the transfer process manager runs. */
  readonly approvalExpirySweepIntervalMs: number;
  readonly auth: AuthConfig;
  /** Behind a TLS-terminating proxy: send Strict-Transport-Security, and take the client's address from X-Forwarded-For. */
  readonly behindTlsProxy: boolean;
  /** Whether this process runs the transfer process manager (an API replica behind a worker does not). */
  readonly processManagerEnabled: boolean;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** The SQLite read store file (read models and their checkpoints). */
  readonly readStoreFile: string;
  /** Whether this process keeps the read models up to date (an API replica reading a store kept by a worker does not). */
  readonly projectionsEnabled: boolean;
  /** Events per projection batch, each written in one read-store transaction. */
  readonly projectionBatchEvents: number;
  /** How long a query asking for a position (`minPosition`, `X-Min-Position`) waits for the read models before answering 503. */
  readonly readYourWritesWaitMs: number;
  /** The audit's settings: the key that signs digests, and how often the account snapshots are taken. */
  readonly audit: AuditConfig;
}

export interface AuditConfig {
  /** `LEDGER_AUDIT_SIGNING_KEY_FILE`: the Ed25519 private key (PKCS#8 PEM) that signs digests; null when not set (digests cannot be made). */
  readonly signingKeyFile: string | null;
  /** `LEDGER_AUDIT_SNAPSHOT_EVERY_EVENTS`: an account's state is kept every this many of its events, for as-of answers. */
  readonly snapshotEveryEvents: number;
  /**
   * Digests made on a schedule and recorded: every `LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS` seconds,
   * in the process that keeps the read models; null when off (the default).
   */
  readonly digestIntervalSeconds: number | null;
  /** `LEDGER_AUDIT_DIGEST_DIR`: where scheduled digests are kept, with their record (`$LEDGER_DATA_DIR/digests` by default). */
  readonly digestDir: string;
}

export interface ApprovalThresholdsVnd {
  readonly nation: bigint | null;
  readonly province: bigint | null;
  readonly district: bigint | null;
  readonly commune: bigint | null;
}

/** How bearer tokens are verified: the embedded default's own secret, or an identity provider's published keys. */
export type AuthConfig =
  | { readonly kind: 'secret'; readonly secretFile: string; readonly clockToleranceSeconds: number }
  | {
      readonly kind: 'jwks';
      /** `LEDGER_AUTH_JWKS_URL` (fetched, cached, refreshed on an unknown key) or `LEDGER_AUTH_JWKS_FILE`. */
      readonly jwks: { readonly url: string } | { readonly file: string };
      readonly issuer: string;
      readonly audience: string;
      readonly algorithms: readonly string[];
      readonly clockToleranceSeconds: number;
      readonly claims: { readonly user: string; readonly roles: string; readonly jurisdiction: string };
    };

export { ConfigError };

type Environment = Readonly<Record<string, string | undefined>>;

const httpBodyLimitBytesMax = 16 * 1024 * 1024;

function readInteger(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(`${name}=${JSON.stringify(text)} is not a whole number between ${min} and ${max}`);
  }
  return Number(text);
}

function readChoice<T extends string>(env: Environment, name: string, choices: readonly T[], fallback: T): T {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new ConfigError(`${name}=${JSON.stringify(text)} is not one of ${choices.join(', ')}`);
  }
  return text as T;
}

function readBoolean(env: Environment, name: string, fallback: boolean): boolean {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (['true', '1', 'on', 'yes'].includes(text)) return true;
  if (['false', '0', 'off', 'no'].includes(text)) return false;
  throw new ConfigError(`${name}=${JSON.stringify(text)} is not a boolean (true/false)`);
}

/**
 * Approval thresholds: whole đồng, at least one, at most the most one command may move (the
 * domain's `amountVndMax`, 10^16 − 1: a higher threshold could never be reached).
 */
export const approvalThresholdVndMin = 1n;
export const approvalThresholdVndMax = 9_999_999_999_999_999n;
/** A request waits a week by default, at least an hour and at most 90 days. */
export const approvalExpiryHoursDefault = 7 * 24;
export const approvalExpiryHoursMin = 1;
export const approvalExpiryHoursMax = 90 * 24;
/** Expired requests are looked for every minute by default; from every second to every hour. */
export const approvalExpirySweepIntervalMsDefault = 60_000;
export const approvalExpirySweepIntervalMsMin = 1_000;
export const approvalExpirySweepIntervalMsMax = 3_600_000;

/** An amount of whole đồng, in decimal digits without sign or leading zero, within bounds; null when unset. */
function readAmountVnd(env: Environment, name: string, min: bigint, max: bigint): bigint | null {
  const text = env[name];
  if (text === undefined || text === '') return null;
  if (!/^[1-9][0-9]{0,18}$/.test(text) || BigInt(text) < min || BigInt(text) > max) {
    throw new ConfigError(`${name}=${JSON.stringify(text)} is not a whole number of đồng between ${min.toString()} and ${max.toString()}`);
  }
  return BigInt(text);
}

function readApprovalThresholds(env: Environment): ApprovalThresholdsVnd {
  const threshold = (level: string) => readAmountVnd(env, `LEDGER_APPROVAL_THRESHOLD_${level}_VND`, approvalThresholdVndMin, approvalThresholdVndMax);
  return { nation: threshold('NATION'), province: threshold('PROVINCE'), district: threshold('DISTRICT'), commune: threshold('COMMUNE') };
}

/** Events per projection batch: the default and the most one read of the event store returns. */
export const projectionBatchEventsDefault = 5_000;
export const projectionBatchEventsMax = 10_000;
/** Account snapshots for as-of answers: every this many events of an account, within these bounds. */
export const snapshotEveryEventsDefault = 1_000;
export const snapshotEveryEventsMin = 10;
export const snapshotEveryEventsMax = 100_000;
/**
 * Scheduled digests: off unless an interval is given. Each one reads every event and adds a file
 * and a line to the record, so at most one every five minutes; at least one a week.
 */
export const digestIntervalSecondsMin = 300;
export const digestIntervalSecondsMax = 7 * 24 * 3600;
/** Read-your-writes waits: the default and the named maximum. */
export const readYourWritesWaitMsDefault = 5_000;
export const readYourWritesWaitMsMax = 30_000;

function readStoreFile(env: Environment, dataDir: string, workingDirectory: string): string {
  const text = env.LEDGER_READ_STORE_FILE || join(dataDir, 'read.sqlite');
  return isAbsolute(text) ? text : resolve(workingDirectory, text);
}

export function loadLedgerConfig(env: Environment = process.env, workingDirectory: string = process.cwd()): LedgerConfig {
  const dataDirText = env.LEDGER_DATA_DIR || 'data';
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(workingDirectory, dataDirText);
  const eventStoreFileText = env.LEDGER_EVENT_STORE_FILE || join(dataDir, 'events.sqlite');
  const eventStoreFileFallback = isAbsolute(eventStoreFileText) ? eventStoreFileText : resolve(workingDirectory, eventStoreFileText);
  const eventStore = env.LEDGER_EVENT_STORE_URL !== undefined && env.LEDGER_EVENT_STORE_URL !== '' ? absoluteSqlite(parseEventStoreUrl(env.LEDGER_EVENT_STORE_URL), workingDirectory) : ({ kind: 'sqlite', filePath: eventStoreFileFallback } as const);
  const readStoreFileFallback = readStoreFile(env, dataDir, workingDirectory);
  const readStore = env.LEDGER_READ_STORE_URL !== undefined && env.LEDGER_READ_STORE_URL !== '' ? absoluteSqlite(parseReadStoreUrl(env.LEDGER_READ_STORE_URL), workingDirectory) : ({ kind: 'sqlite', filePath: readStoreFileFallback } as const);
  return {
    dataDir,
    eventStoreFile: eventStore.kind === 'sqlite' ? eventStore.filePath : eventStoreFileFallback,
    eventStore,
    readStore,
    logFormat: readChoice(env, 'LEDGER_LOG_FORMAT', ['text', 'json'] as const, 'text'),
    sqliteSynchronous: readChoice(env, 'LEDGER_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    sqliteWriter: readChoice(env, 'LEDGER_SQLITE_WRITER', ['thread', 'inline'] as const, 'thread'),
    httpHost: env.LEDGER_HTTP_HOST || '127.0.0.1',
    httpPort: readInteger(env, 'LEDGER_HTTP_PORT', 3000, 0, 65535),
    httpBodyLimitBytes: readInteger(env, 'LEDGER_HTTP_BODY_LIMIT_BYTES', 64 * 1024, 1024, httpBodyLimitBytesMax),
    httpHeadersTimeoutMs: readInteger(env, 'LEDGER_HTTP_HEADERS_TIMEOUT_MS', 10_000, 1_000, 60_000),
    httpRequestTimeoutMs: readInteger(env, 'LEDGER_HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 120_000),
    httpKeepAliveTimeoutMs: readInteger(env, 'LEDGER_HTTP_KEEP_ALIVE_TIMEOUT_MS', 10_000, 1_000, 120_000),
    rateLimitRequests: readInteger(env, 'LEDGER_RATE_LIMIT_REQUESTS', 600, 1, 10_000_000),
    rateLimitWindowMs: readInteger(env, 'LEDGER_RATE_LIMIT_WINDOW_MS', 10_000, 1_000, 3_600_000),
    behindTlsProxy: readBoolean(env, 'LEDGER_BEHIND_TLS_PROXY', false),
    auth: readAuth(env, dataDir, workingDirectory),
    backdatingWindowDays: readInteger(env, 'LEDGER_BACKDATING_WINDOW_DAYS', 30, 0, 36_500),
    extensionYearsInvestment: readInteger(env, 'LEDGER_EXTENSION_YEARS_INVESTMENT', 1, 0, 10),
    extensionYearsRecurrent: readInteger(env, 'LEDGER_EXTENSION_YEARS_RECURRENT', 1, 0, 10),
    extensionYearsSpecialResolution: readInteger(env, 'LEDGER_EXTENSION_YEARS_SPECIAL_RESOLUTION', 3, 0, 20),
    approvalThresholdsVnd: readApprovalThresholds(env),
    approvalExpiryHours: readInteger(env, 'LEDGER_APPROVAL_EXPIRY_HOURS', approvalExpiryHoursDefault, approvalExpiryHoursMin, approvalExpiryHoursMax),
    approvalExpirySweepIntervalMs: readInteger(env, 'LEDGER_APPROVAL_EXPIRY_SWEEP_INTERVAL_MS', approvalExpirySweepIntervalMsDefault, approvalExpirySweepIntervalMsMin, approvalExpirySweepIntervalMsMax),
    processManagerEnabled: readBoolean(env, 'LEDGER_PROCESS_MANAGER', true),
    logLevel: readChoice(env, 'LEDGER_LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
    readStoreFile: readStore.kind === 'sqlite' ? readStore.filePath : readStoreFileFallback,
    projectionsEnabled: readBoolean(env, 'LEDGER_PROJECTIONS', true),
    projectionBatchEvents: readInteger(env, 'LEDGER_PROJECTION_BATCH_EVENTS', projectionBatchEventsDefault, 1, projectionBatchEventsMax),
    readYourWritesWaitMs: readInteger(env, 'LEDGER_READ_WAIT_MS', readYourWritesWaitMsDefault, 0, readYourWritesWaitMsMax),
    audit: readAudit(env, dataDir, workingDirectory),
  };
}

/**
 * The audit's settings. A schedule without a signing key could never make a digest: that is a
 * configuration error, named at start-up, rather than a schedule that fails every tick.
 */
function readAudit(env: Environment, dataDir: string, workingDirectory: string): AuditConfig {
  const signingKeyFile = env.LEDGER_AUDIT_SIGNING_KEY_FILE ? absolute(env.LEDGER_AUDIT_SIGNING_KEY_FILE, workingDirectory) : null;
  const intervalText = env.LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS;
  const digestIntervalSeconds = intervalText === undefined || intervalText === '' || intervalText === 'off' ? null : readInteger(env, 'LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS', 0, digestIntervalSecondsMin, digestIntervalSecondsMax);
  if (digestIntervalSeconds !== null && signingKeyFile === null) {
    throw new ConfigError('LEDGER_AUDIT_DIGEST_INTERVAL_SECONDS needs LEDGER_AUDIT_SIGNING_KEY_FILE: name the Ed25519 key that signs the scheduled digests');
  }
  return {
    signingKeyFile,
    snapshotEveryEvents: readInteger(env, 'LEDGER_AUDIT_SNAPSHOT_EVERY_EVENTS', snapshotEveryEventsDefault, snapshotEveryEventsMin, snapshotEveryEventsMax),
    digestIntervalSeconds,
    digestDir: absolute(env.LEDGER_AUDIT_DIGEST_DIR || join(dataDir, 'digests'), workingDirectory),
  };
}

const asymmetricAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const claimPathPattern = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*){0,4}$/;

function readClaim(env: Environment, name: string, fallback: string): string {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!claimPathPattern.test(text)) throw new ConfigError(`${name}=${JSON.stringify(text)} is not a claim name or a dotted path such as realm_access.roles`);
  return text;
}

function absolute(path: string, workingDirectory: string): string {
  return isAbsolute(path) ? path : resolve(workingDirectory, path);
}

/**
 * Tokens: on the embedded default, signed with a secret the ledger creates in the data folder; behind an
 * identity provider (`LEDGER_AUTH_JWKS_URL` or `LEDGER_AUTH_JWKS_FILE`), verified with its public keys,
 * with the issuer it names required.
 */
function readAuth(env: Environment, dataDir: string, workingDirectory: string): AuthConfig {
  const clockToleranceSeconds = readInteger(env, 'LEDGER_AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300);
  const url = env.LEDGER_AUTH_JWKS_URL || undefined;
  const file = env.LEDGER_AUTH_JWKS_FILE || undefined;
  if (url === undefined && file === undefined) {
    return { kind: 'secret', secretFile: absolute(env.LEDGER_AUTH_TOKEN_SECRET_FILE || join(dataDir, 'token-secret'), workingDirectory), clockToleranceSeconds };
  }
  if (url !== undefined && file !== undefined) throw new ConfigError('set LEDGER_AUTH_JWKS_URL or LEDGER_AUTH_JWKS_FILE, not both');
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`LEDGER_AUTH_JWKS_URL=${JSON.stringify(url)} is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError('LEDGER_AUTH_JWKS_URL must be an https:// (or, on a private network, http://) URL');
  }
  const issuer = env.LEDGER_AUTH_ISSUER;
  if (!issuer) throw new ConfigError('LEDGER_AUTH_ISSUER is needed with an identity provider: the issuer (iss) its tokens carry');
  const algorithms = (env.LEDGER_AUTH_ALGORITHMS || 'RS256,ES256').split(',').map((name) => name.trim());
  const refused = algorithms.filter((name) => !asymmetricAlgorithms.includes(name));
  if (refused.length > 0) throw new ConfigError(`LEDGER_AUTH_ALGORITHMS names ${refused.join(', ')}: an identity provider's tokens are verified with asymmetric algorithms only (${asymmetricAlgorithms.join(', ')})`);
  return {
    kind: 'jwks',
    jwks: url !== undefined ? { url } : { file: absolute(file as string, workingDirectory) },
    issuer,
    audience: env.LEDGER_AUTH_AUDIENCE || 'program-ledger',
    algorithms,
    clockToleranceSeconds,
    claims: {
      user: readClaim(env, 'LEDGER_AUTH_USER_CLAIM', 'sub'),
      roles: readClaim(env, 'LEDGER_AUTH_ROLES_CLAIM', 'ledger_roles'),
      jurisdiction: readClaim(env, 'LEDGER_AUTH_JURISDICTION_CLAIM', 'ledger_jurisdiction'),
    },
  };
}

/** A relative `sqlite:` path is relative to the working directory, like the other file settings. */
function absoluteSqlite<T extends { readonly kind: string; readonly filePath?: string }>(location: T, workingDirectory: string): T {
  if (location.kind !== 'sqlite' || location.filePath === undefined || isAbsolute(location.filePath)) return location;
  return { ...location, filePath: resolve(workingDirectory, location.filePath) };
}

/**
 * For a program's entry point: the configuration, or a message naming the bad value on stderr
 * and exit code 2.
 */
export function loadLedgerConfigOrExit(): LedgerConfig {
  try {
    return loadLedgerConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(2);
  }
}
