import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLedgerConfig } from '@ledger/config';
import { SqliteCheckpointStore, SqliteEventStore } from '@ledger/event-store-sqlite';
import { transferProcessManagerName } from '@ledger/transfers';
import { CliRuntime } from '../../apps/cli/src/cli-runtime';
import { runProgram } from '../../apps/cli/src/run-program';

const repositoryRoot = join(__dirname, '..', '..');
const cliMain = join(repositoryRoot, 'apps', 'cli', 'src', 'main.ts');
/** One run of the command line, from start-up to exit; the demo takes about a second of it. */
const cliRunTimeoutMs = 90_000;
/** Command lines run at once while no store is involved: the machine has two cores. */
const cliRunsAtOnceMax = 2;

interface CliRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The command line from its TypeScript sources, as its own process, against `dataDir`. Settings
 * of the environment running the tests (LEDGER_*) are left out, so that only the data folder
 * given here is touched.
 */
function runCli(dataDir: string, args: readonly string[]): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LEDGER_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', cliMain, ...args], {
      cwd: repositoryRoot,
      env: { ...env, LEDGER_DATA_DIR: dataDir, TS_NODE_PROJECT: join(repositoryRoot, 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: cliRunTimeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/**
 * The same program in this process, for the runs whose output is checked line by line: a
 * process of its own costs seconds of transpiling the sources, and the spawned runs already
 * prove the wiring from `main.ts` on.
 */
async function runInProcess(dataDir: string, args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const runtime = new CliRuntime(() => loadLedgerConfig({ LEDGER_DATA_DIR: dataDir }), { writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  const exitCode = await runProgram(args, runtime);
  return { exitCode, stdout, stderr };
}

/** Runs the command lines `cliRunsAtOnceMax` at a time; the results in the order given. */
async function runEach(dataDir: string, commandLines: readonly (readonly string[])[]): Promise<CliRun[]> {
  const results: CliRun[] = [];
  for (let start = 0; start < commandLines.length; start += cliRunsAtOnceMax) {
    results.push(...(await Promise.all(commandLines.slice(start, start + cliRunsAtOnceMax).map((args) => runCli(dataDir, args)))));
  }
  return results;
}

/** Each command and what its help must show: the usage line and its options or subcommands. */
const commandHelp: ReadonlyArray<{ readonly command: string; readonly shows: readonly string[] }> = [
  { command: 'demo', shows: ['Usage: program-ledger demo [options]'] },
  { command: 'import-localities', shows: ['Usage: program-ledger import-localities [options]', '--format <format>', '(choices: "pre-2025", "post-2025")', '--file <path>'] },
  { command: 'rebuild-projections', shows: ['Usage: program-ledger rebuild-projections [options]', '--projection <names>', '(default: all)'] },
  { command: 'export-events', shows: ['Usage: program-ledger export-events [options]', '--out <file>'] },
  { command: 'import-events', shows: ['Usage: program-ledger import-events [options]', '--in <file>', '--to <url>'] },
  { command: 'verify-migration', shows: ['Usage: program-ledger verify-migration [options]', '--to <url>'] },
  { command: 'transfers', shows: ['Usage: program-ledger transfers [options] [command]', 'parked [options]', 'retry-credit <transferId>'] },
  { command: 'transfers parked', shows: ['Usage: program-ledger transfers parked [options]', '--limit <count>'] },
  { command: 'transfers retry-credit', shows: ['Usage: program-ledger transfers retry-credit [options] <transferId>'] },
];

describe('the command line, run as an operator runs it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('without a store', () => {
    let programHelp: CliRun;
    let helps: CliRun[];
    let unknownCommand: CliRun;
    let missingOption: CliRun;

    // The runs that open no store go in one batch, so that the machine's two cores share them.
    beforeAll(async () => {
      [programHelp, unknownCommand, missingOption, ...helps] = await runEach(dataDir, [
        ['--help'],
        ['no-such-command'],
        ['import-localities', '--format', 'pre-2025'],
        ...commandHelp.map(({ command }) => [...command.split(' '), '--help']),
      ]);
    }, 8 * cliRunTimeoutMs);

    it('--help lists every command and the exit codes', () => {
      expect(programHelp).toMatchObject({ exitCode: 0, stderr: '' });
      for (const command of ['demo', 'import-localities', 'rebuild-projections', 'export-events', 'import-events', 'verify-migration', 'transfers']) {
        expect(programHelp.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      }
      expect(programHelp.stdout).toContain('Exit codes:');
    });

    it.each(commandHelp.map((help, index) => [help.command, index] as const))('%s --help shows its usage and options', (_command, index) => {
      expect(helps[index]).toMatchObject({ exitCode: 0, stderr: '' });
      for (const text of commandHelp[index].shows) expect(helps[index].stdout).toContain(text);
    });

    it('an unknown command exits 2 with the message on stderr', () => {
      expect(unknownCommand).toMatchObject({ exitCode: 2, stdout: '' });
      expect(unknownCommand.stderr).toContain("error: unknown command 'no-such-command'");
    });

    it('a missing required option exits 2 with the message on stderr', () => {
      expect(missingOption).toMatchObject({ exitCode: 2, stdout: '' });
      expect(missingOption.stderr).toContain("error: required option '--file <path>' not specified");
    });
  });

  describe('on one data folder, in order', () => {
    it('transfers parked on a fresh store says there are none', async () => {
      expect(await runCli(dataDir, ['transfers', 'parked'])).toEqual({ exitCode: 0, stdout: 'no parked transfer credits\n', stderr: '' });
    }, cliRunTimeoutMs);

    it('transfers retry-credit of a transfer with no parked credit exits 3', async () => {
      expect(await runCli(dataDir, ['transfers', 'retry-credit', 'no-such-id'])).toEqual({ exitCode: 3, stdout: '', stderr: 'no parked credit for transfer no-such-id\n' });
    }, cliRunTimeoutMs);

    it('token prints a token the ledger verifies on its last line, and refuses a bad role or duration', async () => {
      const printed = await runCli(dataDir, ['token', '--user', 'mof-1', '--role', 'finance-officer', '--jurisdiction', 'VN', '--ttl', '8h']);
      expect(printed).toMatchObject({ exitCode: 0, stderr: '' });
      const token = printed.stdout.trim().split('\n').at(-1) as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const { TokenVerifier, embeddedIssuer, ledgerAudience, loadOrCreateTokenSecret } = await import('@ledger/identity');
      const verifier = new TokenVerifier({ kind: 'secret', secret: loadOrCreateTokenSecret(join(dataDir, 'token-secret')), issuer: embeddedIssuer, audience: ledgerAudience, clockToleranceSeconds: 30 });
      expect(await verifier.verify(token)).toMatchObject({ userId: 'mof-1', roles: ['finance-officer'], jurisdiction: 'VN' });
      expect((await runCli(dataDir, ['token', '--user', 'u', '--role', 'minister', '--jurisdiction', 'VN'])).exitCode).toBe(2);
      expect((await runCli(dataDir, ['token', '--user', 'u', '--role', 'auditor', '--jurisdiction', 'VN', '--ttl', '30d'])).exitCode).toBe(2);
    }, 3 * cliRunTimeoutMs);

    it('demo loads the scenario, and a second run finds every command already recorded', async () => {
      const first = await runCli(dataDir, ['demo']);
      expect(first).toMatchObject({ exitCode: 0, stderr: '' });
      const [, commands] = /^(\d+) commands \(0 already recorded\) in [0-9.]+ s; events: .*events\.sqlite; read models: .*$/m.exec(first.stdout) ?? [];
      expect(Number(commands)).toBeGreaterThan(0);

      const second = await runCli(dataDir, ['demo']);
      expect(second).toMatchObject({ exitCode: 0, stderr: '' });
      expect(second.stdout).toMatch(new RegExp(`^${commands} commands \\(${commands} already recorded\\)`, 'm'));
    }, 2 * cliRunTimeoutMs);

    it('transfers parked lists parked credits; retry-credit reports each credited (exit 0) or still parked (exit 1)', async () => {
      // Two credits parked as the process manager parks them: one of a real transfer of the demo
      // (its credit is already recorded, so a retry finds it credited) and one whose debit is not
      // there (a retry parks it again). The commands run in this process (see runInProcess).
      const events = await SqliteEventStore.open({ filePath: join(dataDir, 'events.sqlite'), writer: 'inline' });
      const [debit] = await events.readAll({ maxCount: 1, filter: { eventTypes: ['FundsAllocated'] } });
      await events.close();
      const transferId = String(debit.data.transferId);
      const checkpoints = new SqliteCheckpointStore(join(dataDir, 'checkpoints.sqlite'));
      const parkedAt = '2024-05-01T00:00:00.000Z';
      await checkpoints.park(transferProcessManagerName, { key: 'no-debit-here', position: 0n, code: 'CREDIT_REFUSED', reason: 'refused', attempts: 1, parkedAt, lastAttemptAt: parkedAt });
      await checkpoints.park(transferProcessManagerName, { key: transferId, position: debit.position, code: 'CREDIT_STORE_ERROR', reason: 'the store failed', attempts: 8, parkedAt, lastAttemptAt: parkedAt });
      await checkpoints.close();

      expect(await runInProcess(dataDir, ['transfers', 'parked', '--limit', '1'])).toEqual({
        exitCode: 0,
        stdout: '2 parked transfer credits; the first 1:\nno-debit-here\t0\tCREDIT_REFUSED\t1\trefused\n',
        stderr: '',
      });

      const credited = await runInProcess(dataDir, ['transfers', 'retry-credit', transferId]);
      expect(credited).toMatchObject({ exitCode: 0, stderr: '' });
      expect(credited.stdout).toMatch(new RegExp(`^credited: transfer ${transferId} to \\S+, revision \\d+, position \\d+ \\(the credit was already recorded\\)\\n$`));

      const stillParked = await runInProcess(dataDir, ['transfers', 'retry-credit', 'no-debit-here']);
      expect(stillParked).toMatchObject({ exitCode: 1, stderr: '' });
      expect(stillParked.stdout).toMatch(/^still parked: no-debit-here\t0\tDEBIT_UNREADABLE\t2\tno transfer debit of no-debit-here at position 0\n$/);

      expect(await runInProcess(dataDir, ['transfers', 'parked'])).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^1 parked transfer credit:\nno-debit-here\t/) });
    }, cliRunTimeoutMs);
  });
});
