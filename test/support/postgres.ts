import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL for integration tests, found in this order:
 *
 * 1. `LEDGER_TEST_POSTGRES_URL` (e.g. `postgres://ledger:secret@127.0.0.1:5432/postgres`): a server
 *    someone runs; each test file creates its databases there under random names and drops them.
 * 2. PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`) on PATH or under
 *    /usr/lib/postgresql/VERSION/bin (where Debian's `postgresql` package puts them): each test
 *    file starts a throwaway cluster in a temporary folder on a free port and removes it after.
 * 3. Neither: the tests are skipped, saying why in their title and on the console.
 *
 * Databases are created with the "C" collation: text then sorts by code point, as in SQLite, so
 * pages ordered by text keys come out in the same order on both stores.
 */
export const testPostgresUrlVariable = 'LEDGER_TEST_POSTGRES_URL';

/** How long starting a throwaway cluster may take (initdb and start), and stopping it. */
const clusterStartTimeoutMs = 60_000;
const clusterStopTimeoutMs = 30_000;
/** Attempts at starting on a free port, in case another process takes the port in between. */
const clusterStartAttemptsMax = 3;
const serverProgramNames = ['initdb', 'pg_ctl', 'postgres'] as const;
/** initdb and postgres refuse to run as root; as root the cluster is run as the first of these users. */
const unprivilegedUserNames = ['postgres', 'nobody'] as const;
const clusterSuperuser = 'ledger';

type Availability = { readonly kind: 'external'; readonly url: string } | { readonly kind: 'throwaway'; readonly binDirectory: string } | { readonly kind: 'missing'; readonly reason: string };

export interface DatabaseOptions {
  /** Sort text by this ICU locale (e.g. `en-US`) instead of by code point; needs PostgreSQL 15+ built with ICU. */
  readonly icuLocale?: string;
}

export interface PostgresTestServer {
  /** What the tests run against, for messages. */
  readonly description: string;
  /** Creates an empty database (UTF8, collation "C" unless an ICU locale is named) and returns its connection string. */
  createDatabase(options?: DatabaseOptions): Promise<string>;
  /** Drops a database made by `createDatabase`, closing its remaining connections. */
  dropDatabase(connectionString: string): Promise<void>;
}

function versionOf(directory: string): number {
  const version = Number.parseFloat(path.basename(path.dirname(directory)));
  return Number.isFinite(version) ? version : 0;
}

function hasServerPrograms(directory: string): boolean {
  return serverProgramNames.every((name) => existsSync(path.join(directory, name)));
}

/** A folder holding initdb, pg_ctl and postgres: the first on PATH, else the newest /usr/lib/postgresql/VERSION/bin. */
export function findPostgresServerPrograms(searchPath: string = process.env.PATH ?? ''): string | undefined {
  for (const directory of searchPath.split(path.delimiter)) {
    if (directory !== '' && hasServerPrograms(directory)) return directory;
  }
  const debianRoot = '/usr/lib/postgresql';
  if (!existsSync(debianRoot)) return undefined;
  return readdirSync(debianRoot)
    .map((version) => path.join(debianRoot, version, 'bin'))
    .filter(hasServerPrograms)
    .sort((a, b) => versionOf(b) - versionOf(a))[0];
}

function detect(): Availability {
  const url = process.env[testPostgresUrlVariable];
  if (url !== undefined && url !== '') return { kind: 'external', url };
  const binDirectory = findPostgresServerPrograms();
  if (binDirectory !== undefined) return { kind: 'throwaway', binDirectory };
  return {
    kind: 'missing',
    reason:
      `no PostgreSQL: ${testPostgresUrlVariable} is not set and no initdb/pg_ctl/postgres was found on PATH or under /usr/lib/postgresql/*/bin ` +
      `(install Debian's postgresql package, or set ${testPostgresUrlVariable}=postgres://user:pass@host:5432/postgres)`,
  };
}

const availability = detect();

function randomDatabaseName(): string {
  return `ledger_test_${randomBytes(6).toString('hex')}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function databaseOf(connectionString: string): string {
  return decodeURIComponent(new URL(connectionString).pathname.slice(1));
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates and drops databases through a short-lived admin connection to `adminUrl`. */
class DatabaseFactory {
  private readonly created = new Set<string>();

  constructor(private readonly adminUrl: string) {}

  async createDatabase(options: DatabaseOptions = {}): Promise<string> {
    const name = randomDatabaseName();
    const icu = options.icuLocale === undefined ? '' : ` LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale.replace(/'/g, "''")}'`;
    await this.admin(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'${icu}`);
    this.created.add(name);
    return withDatabase(this.adminUrl, name);
  }

  async dropDatabase(connectionString: string): Promise<void> {
    const name = databaseOf(connectionString);
    await this.admin(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    this.created.delete(name);
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.created]) await this.dropDatabase(withDatabase(this.adminUrl, name));
  }

  private async admin(statement: string): Promise<void> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

/** Who runs initdb and the server: this process's user, or an unprivileged one when running as root. */
function clusterUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const entries = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 4);
  for (const name of unprivilegedUserNames) {
    const entry = entries.find((fields) => fields[0] === name);
    if (entry && Number(entry[2]) !== 0) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error(`running as root, and none of the users ${unprivilegedUserNames.join(', ')} exists to run PostgreSQL (initdb refuses root)`);
}

/** A folder the cluster's user can reach: every folder above it must be searchable by others. */
function clusterParentFolder(user: RunAs | undefined): string {
  const preferred = tmpdir();
  if (!user) return preferred;
  for (let folder = preferred; ; folder = path.dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return '/tmp';
    if (path.dirname(folder) === folder) return preferred;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(program: string, args: readonly string[], user: RunAs | undefined, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], uid: user?.uid, gid: user?.gid, env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(program)} ${args.join(' ')} ${signal ? `was killed (${signal})` : `exited with ${String(code)}`}:\n${output.trim()}`));
    });
  });
}

/** A cluster made by initdb in a temporary folder, run by pg_ctl on 127.0.0.1 and a socket in that folder. */
class ThrowawayCluster {
  private running = false;
  private readonly stopOnExit = (): void => {
    // Last resort when the test process ends without afterAll (a crash): no server is left behind.
    if (this.running) spawnSync(this.program('pg_ctl'), ['-D', this.dataDirectory, '-m', 'immediate', '-w', 'stop'], { uid: this.user?.uid, gid: this.user?.gid, stdio: 'ignore' });
    rmSync(this.folder, { recursive: true, force: true });
  };

  private constructor(
    private readonly binDirectory: string,
    private readonly folder: string,
    private readonly user: RunAs | undefined,
    readonly port: number,
  ) {}

  get dataDirectory(): string {
    return path.join(this.folder, 'data');
  }

  get adminUrl(): string {
    return `postgres://${clusterSuperuser}@127.0.0.1:${this.port}/postgres`;
  }

  static async start(binDirectory: string): Promise<ThrowawayCluster> {
    const user = clusterUser();
    const folder = mkdtempSync(path.join(clusterParentFolder(user), 'ledger-pg-'));
    if (user) chownSync(folder, user.uid, user.gid);
    let cluster: ThrowawayCluster | undefined;
    try {
      const initdbArgs = ['-D', path.join(folder, 'data'), '-A', 'trust', '-U', clusterSuperuser, '-E', 'UTF8', '--locale=C', '--no-sync'];
      await run(path.join(binDirectory, 'initdb'), initdbArgs, user, clusterStartTimeoutMs);
      for (let attempt = 1; ; attempt += 1) {
        cluster = new ThrowawayCluster(binDirectory, folder, user, await freePort());
        process.once('exit', cluster.stopOnExit);
        try {
          await cluster.startServer();
          return cluster;
        } catch (error) {
          process.removeListener('exit', cluster.stopOnExit);
          if (attempt >= clusterStartAttemptsMax) throw error;
        }
      }
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.stopOnExit);
    try {
      if (this.running) await run(this.program('pg_ctl'), ['-D', this.dataDirectory, '-m', 'fast', '-w', '-t', String(clusterStopTimeoutMs / 1000), 'stop'], this.user, clusterStopTimeoutMs + 5_000);
      this.running = false;
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  private async startServer(): Promise<void> {
    // The socket folder and log live in the cluster's folder; fsync is off because the data is thrown away.
    const serverOptions = [`-p ${this.port}`, `-k '${this.folder}'`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=100'].join(' ');
    this.running = true;
    try {
      await run(
        this.program('pg_ctl'),
        ['-D', this.dataDirectory, '-l', path.join(this.folder, 'server.log'), '-w', '-t', String(clusterStartTimeoutMs / 1000), '-o', serverOptions, 'start'],
        this.user,
        clusterStartTimeoutMs + 5_000,
      );
    } catch (error) {
      const log = existsSync(path.join(this.folder, 'server.log')) ? readFileSync(path.join(this.folder, 'server.log'), 'utf8') : '';
      spawnSync(this.program('pg_ctl'), ['-D', this.dataDirectory, '-m', 'immediate', '-w', 'stop'], { uid: this.user?.uid, gid: this.user?.gid, stdio: 'ignore' });
      this.running = false;
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver log:\n${log.trim()}`);
    }
  }

  private program(name: (typeof serverProgramNames)[number]): string {
    return path.join(this.binDirectory, name);
  }
}

/** The test file's server: started on first use, stopped after the file's last test (jest loads this module once per test file). */
let shared: Promise<{ server: PostgresTestServer; stop: () => Promise<void> }> | undefined;
let stopRegistered = false;

async function startServer(found: Exclude<Availability, { kind: 'missing' }>): Promise<{ server: PostgresTestServer; stop: () => Promise<void> }> {
  if (found.kind === 'external') {
    const factory = new DatabaseFactory(found.url);
    const masked = new URL(found.url);
    if (masked.password) masked.password = '***';
    return {
      server: { description: `${testPostgresUrlVariable} (${masked.toString()})`, createDatabase: (options) => factory.createDatabase(options), dropDatabase: (url) => factory.dropDatabase(url) },
      stop: () => factory.dropAll(),
    };
  }
  const cluster = await ThrowawayCluster.start(found.binDirectory);
  const factory = new DatabaseFactory(cluster.adminUrl);
  return {
    server: { description: `a throwaway cluster on port ${cluster.port} (${found.binDirectory})`, createDatabase: (options) => factory.createDatabase(options), dropDatabase: (url) => factory.dropDatabase(url) },
    stop: () => cluster.stop(),
  };
}

function sharedServer(found: Exclude<Availability, { kind: 'missing' }>): Promise<PostgresTestServer> {
  shared ??= startServer(found);
  return shared.then((started) => started.server);
}

/**
 * A server outside jest (the bench): the same search as the tests', and the reason when there is
 * none. The caller stops it (a throwaway cluster is removed with its folder).
 */
export async function startPostgresServer(): Promise<{ readonly server: PostgresTestServer; stop(): Promise<void> } | { readonly skipped: string }> {
  if (availability.kind === 'missing') return { skipped: availability.reason };
  return startServer(availability);
}

/** Why the PostgreSQL tests are skipped here, or undefined when a server can be had. */
export const postgresSkipReason: string | undefined = availability.kind === 'missing' ? availability.reason : undefined;

/**
 * A describe block whose tests get a PostgreSQL server (`server()`, ready in their hooks and
 * tests). Without one the block is skipped, with the reason in its title and on the console.
 */
export function describeWithPostgres(title: string, body: (server: () => PostgresTestServer) => void): void {
  if (availability.kind === 'missing') {
    // Said while the tests are collected: jest runs no hook of a block whose tests are all skipped.
    console.warn(`Skipping "${title}": ${availability.reason}`);
    describe.skip(`${title} (skipped: ${availability.reason})`, () => body(() => {
      throw new Error(availability.reason);
    }));
    return;
  }
  const found = availability;
  if (!stopRegistered) {
    stopRegistered = true;
    afterAll(async () => {
      const started = shared;
      shared = undefined;
      if (started) await (await started).stop();
    }, clusterStopTimeoutMs + 10_000);
  }
  describe(title, () => {
    let server: PostgresTestServer | undefined;
    beforeAll(async () => {
      server = await sharedServer(found);
    }, clusterStartTimeoutMs + 10_000);
    body(() => {
      if (!server) throw new Error('the PostgreSQL test server is not started yet: use it in hooks and tests, not while the tests are collected');
      return server;
    });
  });
}
