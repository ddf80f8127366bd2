import { CommanderError } from 'commander';
import { CommandRefusedError } from '@ledger/commands';
import { ConfigError } from '@ledger/config';
import type { CliRuntime } from './cli-runtime';
import { jsonText } from './json-text';
import { CommandLineFailure } from './command-line-failure';
import { exitCodes, type ExitCode } from './exit-codes';

/**
 * Turns whatever ended a command into its exit code and one message on stderr, as the API's
 * exception filter turns errors into HTTP statuses. Operators get the message; the stack only
 * with LEDGER_LOG_LEVEL=debug.
 */
export function reportFailure(error: unknown, runtime: CliRuntime): ExitCode {
  // Commander has printed its own message (or the help) already; 0 means help was asked for.
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.success : exitCodes.usageError;
  const { exitCode, message } = classify(error);
  runtime.output.writeErr(`${message}${runtime.showsStacks ? `\n${stacksOf(error)}` : ''}\n`);
  return exitCode;
}

/** Causes shown under a stack, at most; a longer chain is cut. */
const causeDepthMax = 4;

function stacksOf(error: unknown): string {
  const stacks: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth <= causeDepthMax; current = current.cause, depth += 1) {
    stacks.push(`${depth === 0 ? '' : 'caused by: '}${current.stack ?? current.message}`);
  }
  return stacks.join('\n');
}

function classify(error: unknown): { readonly exitCode: ExitCode; readonly message: string } {
  if (error instanceof CommandLineFailure) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof ConfigError) return { exitCode: exitCodes.usageError, message: `configuration error: ${error.message}` };
  if (error instanceof CommandRefusedError) {
    return { exitCode: exitCodes.problemFound, message: `${error.message} ${error.refusal.code} ${jsonText(error.refusal.details)}` };
  }
  // Past parsing its input, a command works on the stores: what it did not expect is taken for them failing.
  return { exitCode: exitCodes.storeFailed, message: error instanceof Error ? error.message : String(error) };
}
