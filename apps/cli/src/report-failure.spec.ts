import { CommanderError } from 'commander';
import { CommandRefusedError } from '@ledger/commands';
import { ConfigError, loadLedgerConfig } from '@ledger/config';
import { refusal } from '@ledger/domain';
import { CliRuntime } from './cli-runtime';
import { CommandLineFailure } from './command-line-failure';
import { exitCodes } from './exit-codes';
import { reportFailure } from './report-failure';

function runtimeWithLogLevel(logLevel: string): { runtime: CliRuntime; stderr: () => string } {
  let stderr = '';
  const runtime = new CliRuntime(() => loadLedgerConfig({ LEDGER_LOG_LEVEL: logLevel }, '/tmp'), { writeOut: () => undefined, writeErr: (text) => (stderr += text) });
  runtime.config();
  return { runtime, stderr: () => stderr };
}

describe('reportFailure', () => {
  it.each([
    ['a foreseen failure, with its own code', new CommandLineFailure(exitCodes.notFound, 'no parked credit for transfer t-1'), exitCodes.notFound, 'no parked credit for transfer t-1\n'],
    ['a configuration error', new ConfigError('LEDGER_HTTP_PORT="x" is not a whole number'), exitCodes.usageError, 'configuration error: LEDGER_HTTP_PORT="x" is not a whole number\n'],
    ['a refusal, with its code and details', new CommandRefusedError(refusal('INSUFFICIENT_FUNDS', 'not enough', { availableVnd: '5' })), exitCodes.problemFound, 'not enough INSUFFICIENT_FUNDS {"availableVnd":"5"}\n'],
    ['an error no command expected', new Error('SQLITE_IOERR: disk I/O error'), exitCodes.storeFailed, 'SQLITE_IOERR: disk I/O error\n'],
  ])('reports %s as its exit code and one message, without a stack', (_case, error, exitCode, message) => {
    const { runtime, stderr } = runtimeWithLogLevel('log');
    expect(reportFailure(error, runtime)).toBe(exitCode);
    expect(stderr()).toBe(message);
  });

  it('adds the stack, and the stacks of its causes, when LEDGER_LOG_LEVEL=debug', () => {
    const { runtime, stderr } = runtimeWithLogLevel('debug');
    const cause = new Error('SQLITE_CANTOPEN: unable to open database file');
    expect(reportFailure(new CommandLineFailure(exitCodes.storeFailed, 'could not open the stores', { cause }), runtime)).toBe(exitCodes.storeFailed);
    expect(stderr()).toMatch(/^could not open the stores\nCommandLineFailure: could not open the stores\n\s+at .*\ncaused by: Error: SQLITE_CANTOPEN/s);
  });

  it('leaves commander its own message: help shown is success, any other is a usage error', () => {
    const { runtime, stderr } = runtimeWithLogLevel('log');
    expect(reportFailure(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), runtime)).toBe(exitCodes.success);
    expect(reportFailure(new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'nope'"), runtime)).toBe(exitCodes.usageError);
    expect(stderr()).toBe('');
  });
});
