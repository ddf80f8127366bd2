import { ConfigError } from '@ledger/config';
import { parkedListCountMax } from '@ledger/event-store';
import { CliRuntime } from './cli-runtime';
import { exitCodes } from './exit-codes';
import { runProgram } from './run-program';

/**
 * The program in this process, with a configuration that is always bad: a command line that
 * commander accepts reaches the command and stops there with a configuration error (exit 2, before
 * any store is opened), while one it refuses never gets that far.
 */
async function run(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const runtime = new CliRuntime(
    () => {
      throw new ConfigError('LEDGER_TEST="bad" stands in for a bad setting');
    },
    { writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) },
  );
  const exitCode = await runProgram(args, runtime);
  return { exitCode, stdout, stderr };
}

const reachedTheCommand = 'configuration error: LEDGER_TEST="bad" stands in for a bad setting\n';

describe('the command line, as commander parses it', () => {
  it('lists every command and the exit codes in --help, which needs no configuration', async () => {
    const { exitCode, stdout, stderr } = await run('--help');
    expect(exitCode).toBe(exitCodes.success);
    expect(stderr).toBe('');
    for (const command of ['demo', 'import-localities', 'rebuild-projections', 'export-events', 'import-events', 'verify-migration', 'transfers']) expect(stdout).toContain(`  ${command}`);
    expect(stdout).toContain('Exit codes:');
  });

  it('shows the help on stderr and exits 2 without a command', async () => {
    const { exitCode, stdout, stderr } = await run();
    expect(exitCode).toBe(exitCodes.usageError);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: program-ledger');
  });

  it.each([
    [['nope'], "error: unknown command 'nope'"],
    [['demo', '--bogus'], "error: unknown option '--bogus'"],
    [['import-localities', '--format', 'pre-2025'], "error: required option '--file <path>' not specified"],
    [['import-localities', '--format', '2030', '--file', 'units.json'], "error: option '--format <format>' argument '2030' is invalid. Allowed choices are pre-2025, post-2025."],
    [['rebuild-projections', '--projection', 'balances,nope'], "error: option '--projection <names>' argument 'balances,nope' is invalid."],
    [['import-events', '--in', 'events.jsonl', '--to', 'http://localhost:2113'], "error: option '--to <url>' argument 'http://localhost:2113' is invalid."],
    [['transfers', 'retry-credit'], "error: missing required argument 'transferId'"],
  ])('refuses %j with exit 2 and the reason on stderr', async (args, message) => {
    const { exitCode, stdout, stderr } = await run(...args);
    expect(exitCode).toBe(exitCodes.usageError);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('configuration error');
  });

  it.each([
    ['demo'],
    ['rebuild-projections'],
    ['rebuild-projections', '--projection', 'all'],
    ['rebuild-projections', '--projection', 'balances,transfers'],
    ['import-events', '--in', 'events.jsonl', '--to', 'esdb://localhost:2113?tls=false'],
    ['transfers', 'parked'],
    ['transfers', 'parked', '--limit', String(parkedListCountMax)],
  ])('accepts %j and checks the configuration before the command does anything', async (...args) => {
    const { exitCode, stdout, stderr } = await run(...args);
    expect(exitCode).toBe(exitCodes.usageError);
    expect(stdout).toBe('');
    expect(stderr).toBe(reachedTheCommand);
  });

  it.each(['0', String(parkedListCountMax + 1), '10x'])('refuses --limit %s: from 1 to the most one list holds', async (limit) => {
    const { exitCode, stderr } = await run('transfers', 'parked', '--limit', limit);
    expect(exitCode).toBe(exitCodes.usageError);
    expect(stderr).toContain(`argument '${limit}' is invalid. Expected a whole number from 1 to ${parkedListCountMax}.`);
  });
});
