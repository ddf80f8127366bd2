import type { ExitCode } from './exit-codes';

/**
 * A failure a command foresaw, with the exit code that says what kind it is and a message for
 * the operator. The program prints the message (no stack) and exits with the code.
 */
export class CommandLineFailure extends Error {
  override readonly name = 'CommandLineFailure';

  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
