import type { Command } from 'commander';
import type { LedgerConfig } from '@ledger/config';
import { exitCodes, type ExitCode } from './exit-codes';

/** Where the program writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
}

/**
 * The process's streams. When a reader stops early (`… | head`), stdout closes under the command:
 * the rest of its output is dropped and the command finishes, instead of dying of EPIPE with a
 * stack trace halfway through.
 */
export function processOutput(): CliOutput {
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
  });
  return {
    writeOut: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    writeErr: (text) => process.stderr.write(text),
  };
}

/**
 * What every command of one run shares: the configuration, output, and the exit code the command
 * chose. Commands resolve to an exit code instead of calling `process.exit`, so that stores are
 * closed on the way out and one place decides how the process ends.
 */
export class CliRuntime {
  private loadedConfig: LedgerConfig | undefined;
  private chosenExitCode: ExitCode = exitCodes.success;

  constructor(
    private readonly loadConfig: () => LedgerConfig,
    readonly output: CliOutput,
  ) {}

  /** Read on first use, so that `--help` and usage errors need no valid configuration. */
  config(): LedgerConfig {
    this.loadedConfig ??= this.loadConfig();
    return this.loadedConfig;
  }

  print(line: string): void {
    this.output.writeOut(`${line}\n`);
  }

  /** Errors are shown with their stack only when the configuration asks for debug logs. */
  get showsStacks(): boolean {
    return this.loadedConfig?.logLevel === 'debug';
  }

  get exitCode(): ExitCode {
    return this.chosenExitCode;
  }

  /** A command's action for commander: what `run` resolves to becomes the exit code. */
  action<Arguments extends unknown[]>(run: (...args: Arguments) => Promise<ExitCode>): (...args: Arguments) => Promise<void> {
    return async (...args) => {
      this.chosenExitCode = await run(...args);
    };
  }
}

/**
 * Adds one command, or one group of commands, to the program. Each command file exports one;
 * the program lists them.
 */
export type CommandRegistration = (program: Command, runtime: CliRuntime) => void;
