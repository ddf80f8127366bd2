import { loadLedgerConfig } from '@ledger/config';
import { CliRuntime } from '../../apps/cli/src/cli-runtime';
import { runProgram } from '../../apps/cli/src/run-program';

export interface CliRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The command line's program in this process, against `dataDir` and the settings given: a
 * process of its own costs seconds of transpiling, and test/e2e/cli.test.ts proves the wiring
 * from `main.ts` on.
 */
export async function runCliInProcess(dataDir: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const runtime = new CliRuntime(() => loadLedgerConfig({ LEDGER_LOG_LEVEL: 'error', ...env, LEDGER_DATA_DIR: dataDir }), { writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  const exitCode = await runProgram(args, runtime);
  return { exitCode, stdout, stderr };
}
