import { stat } from 'node:fs/promises';
import { CommandLineFailure } from './command-line-failure';
import { exitCodes } from './exit-codes';

/**
 * Checks that a file named on the command line is there before any store is opened, so that a
 * mistyped path ends with "not found" (exit 3), and one that cannot be read with a problem found
 * in the input (exit 1), rather than as a store failure halfway through.
 */
export async function requireInputFile(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CommandLineFailure(exitCodes.notFound, `no such file: ${path}`, { cause: error });
    throw new CommandLineFailure(exitCodes.problemFound, `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
