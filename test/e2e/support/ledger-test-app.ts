import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { dienBien2024Localities, nationalTargetPrograms2021To2025 } from '@ledger/registry-import';
import { RegistryService } from '@ledger/registry';
import { TransferProcessManager } from '@ledger/transfers';
import { loadLedgerConfig, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { createLedgerApp } from '../../../apps/api/src/app.factory';
import { runDemo } from '../../../apps/cli/src/demo/run-demo';
import type { Role } from '@ledger/identity';
import { startedBeforeAll } from '../../support/started-before-all';
import { authorizedClient, TestTokens, type HttpClient, type TokenOptions } from '../../support/test-tokens';

export interface TestLedger {
  readonly app: NestFastifyApplication;
  readonly config: LedgerConfig;
  /** A client whose requests carry the token of the role each request calls for (see `defaultRoleFor`). */
  readonly http: () => HttpClient;
  /** A client acting with a token of this role (national, or as the options say). */
  as(role: Role, options?: TokenOptions): Promise<HttpClient>;
  /** A client without any token. */
  anonymous(): HttpClient;
  readonly tokens: TestTokens;
  /** Waits until the transfer process manager has credited every transfer up to `position`. */
  settle(position: string | bigint): Promise<void>;
  close(): Promise<void>;
}

export function makeTempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Settings every test ledger starts with; a test overrides what it tests. */
export const testLedgerEnvironment: Readonly<Record<string, string>> = {
  LEDGER_LOG_LEVEL: 'error',
  LEDGER_RATE_LIMIT_REQUESTS: '10000000',
  LEDGER_BACKDATING_WINDOW_DAYS: '36500',
};

/** The real app on a real SQLite file in a temporary folder. */
export async function startTestLedger(dataDir: string, env: Record<string, string> = {}): Promise<TestLedger> {
  // Tests drive the API far faster than a client may, and replay 2024 on a later clock: the rate
  // limit and the back-dating window are opened unless a test sets its own.
  const config = loadLedgerConfig({ ...testLedgerEnvironment, LEDGER_DATA_DIR: dataDir, ...env });
  const app = await createLedgerApp(config);
  return testLedgerOf(app, config);
}

/** The test's handle on an app already created (with a clock of its own, say). */
export async function testLedgerOf(app: NestFastifyApplication, config: LedgerConfig): Promise<TestLedger> {
  const tokens = await TestTokens.of(config);
  return {
    app,
    config,
    tokens,
    http: () => authorizedClient(app, tokens),
    as: async (role, options) => authorizedClient(app, tokens, await tokens.token(role, options)),
    anonymous: () => request(app.getHttpServer()),
    settle: (position) => app.get(TransferProcessManager).waitFor(BigInt(position), 10_000),
    close: () => app.close(),
  };
}

/** Events read per page when a test reads the whole store. */
const eventsPerPageMax = 10_000;

/** Every event of the ledger's store, in position order. */
export async function allEvents(ledger: TestLedger): Promise<RecordedEvent[]> {
  const store = ledger.app.get<EventStore>(EVENT_STORE);
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ fromPosition: events.length === 0 ? 0n : events[events.length - 1].position + 1n, maxCount: eventsPerPageMax });
    events.push(...page);
    if (page.length < eventsPerPageMax) return events;
  }
}

/** A test ledger with the Điện Biên 2024 demo run on it, the demo's events, and the position of the last (for `minPosition`). */
export async function startDemoLedger(dataDir: string, env: Record<string, string>): Promise<{ ledger: TestLedger; events: RecordedEvent[]; head: string }> {
  const ledger = await startTestLedger(dataDir, env);
  await runDemo(ledger.app, () => undefined);
  const events = await allEvents(ledger);
  return { ledger, events, head: events[events.length - 1].position.toString() };
}

/** Registers the three programs and the Điện Biên fixture units, as an operator would. */
export async function seedRegistry(ledger: TestLedger): Promise<void> {
  const registry = ledger.app.get(RegistryService);
  const context = { commandId: 'seed', correlationId: 'seed', causationId: 'seed', actor: { id: 'test', role: 'operator', jurisdiction: null }, decisionRef: 'seed', effectiveDate: '2024-01-01' };
  for (const program of nationalTargetPrograms2021To2025) await registry.registerProgram(program, { ...context, commandId: `seed-${program.programCode}` });
  await registry.importLocalities(dienBien2024Localities, [], context);
}

const repositoryRoot = join(__dirname, '..', '..', '..');

/**
 * Runs a script of this folder in a child process that kills itself (SIGKILL) at a point of its
 * choosing, and returns the JSON it printed last: what the test checks after a restart.
 */
export function runScriptUntilKilled<T>(script: string, args: readonly string[], timeoutMs: number): T {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, script), ...args], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, TS_NODE_PROJECT: join(repositoryRoot, 'tsconfig.json') },
  });
  expect({ signal: child.signal, stderr: child.stderr.slice(-2000) }).toMatchObject({ signal: 'SIGKILL' });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

let commandSequence = 0;
/** A fresh command id for each call. */
export function newCommandId(prefix = 'cmd'): string {
  commandSequence += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${commandSequence}`;
}

/**
 * The usual set-up of a test file: a ledger on a fresh temporary folder with the registry seeded
 * before the tests, closed and removed after them. The returned ledger is usable once `beforeAll` ran.
 */
export function useSeededTestLedger(env: Record<string, string> = {}): TestLedger {
  const data = makeTempDataDir();
  const current = startedBeforeAll('the test ledger', {
    start: () => startTestLedger(data.dir, env),
    setUp: seedRegistry,
    stop: async (ledger) => {
      await ledger?.close();
      data.remove();
    },
  });
  return {
    get app() {
      return current().app;
    },
    get config() {
      return current().config;
    },
    get tokens() {
      return current().tokens;
    },
    http: () => current().http(),
    as: (role, options) => current().as(role, options),
    anonymous: () => current().anonymous(),
    settle: (position) => current().settle(position),
    close: () => current().close(),
  };
}
