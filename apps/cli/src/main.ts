import { loadLedgerConfig } from '@ledger/config';
import { CliRuntime, processOutput } from './cli-runtime';
import { runProgram } from './run-program';

// The process ends when the command does: a store's client may keep a timer or a socket open
// after it is closed, and the exit code must not wait for it.
void runProgram(process.argv.slice(2), new CliRuntime(() => loadLedgerConfig(), processOutput())).then((exitCode) => process.exit(exitCode));
