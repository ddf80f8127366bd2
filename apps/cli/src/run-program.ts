import type { CliRuntime } from './cli-runtime';
import type { ExitCode } from './exit-codes';
import { buildProgram } from './program';
import { reportFailure } from './report-failure';

/** Runs one command line (the arguments after the program's name) and resolves to its exit code; never rejects. */
export async function runProgram(args: readonly string[], runtime: CliRuntime): Promise<ExitCode> {
  try {
    await buildProgram(runtime).parseAsync([...args], { from: 'user' });
    return runtime.exitCode;
  } catch (error) {
    return reportFailure(error, runtime);
  }
}
