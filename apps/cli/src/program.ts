import { Command } from 'commander';
import type { CliRuntime, CommandRegistration } from './cli-runtime';
import { exitCodesHelp } from './exit-codes';
import { registerDemoCommand } from './commands/demo.command';
import { registerImportLocalitiesCommand } from './commands/import-localities.command';
import { registerRebuildProjectionsCommand } from './commands/rebuild-projections.command';
import { registerExportEventsCommand } from './commands/export-events.command';
import { registerImportEventsCommand } from './commands/import-events.command';
import { registerVerifyMigrationCommand } from './commands/verify-migration.command';
import { registerTransfersCommands } from './commands/transfers/transfers.group';
import { registerTokenCommand } from './commands/token.command';

/**
 * Every command and command group, in the order `--help` lists them. A new group (`audit …`) is
 * a folder under commands/ whose group file registers its subcommands, and one line here.
 *
 * A command file holds only the command's definition (arguments, options, help) and imports its
 * work — Nest, the stores' clients — when it runs, with `await import('../…')`: `--help` and
 * usage errors then answer without loading them. Those imports are relative paths within this
 * app, because the build rewrites `@ledger/…` aliases only in static imports.
 */
const registrations: readonly CommandRegistration[] = [
  registerDemoCommand,
  registerImportLocalitiesCommand,
  registerRebuildProjectionsCommand,
  registerExportEventsCommand,
  registerImportEventsCommand,
  registerVerifyMigrationCommand,
  registerTransfersCommands,
  registerTokenCommand,
];

const programHelpFooter = `
Configuration comes from the environment (LEDGER_DATA_DIR, default ./data, and the other
LEDGER_* variables); see docs/operations.md. Errors print their message only; set
LEDGER_LOG_LEVEL=debug to see the stack.

${exitCodesHelp}`;

/**
 * The program with every command on it. Commander throws instead of exiting (`exitOverride`), so
 * that usage errors, like every other failure, end in one place with their own exit code. The
 * settings are made before the commands are added: commander copies them to each subcommand
 * when it is created.
 */
export function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('program-ledger')
    .description('the command line of the program ledger: load the demo, import official lists, rebuild read models, migrate the event store, act on parked transfer credits, issue tokens')
    .exitOverride()
    .configureOutput({ writeOut: runtime.output.writeOut, writeErr: runtime.output.writeErr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', programHelpFooter)
    // Every command checks the configuration before it starts, whether it uses it or not, so a
    // bad setting stops it with nothing done; help and usage errors need none.
    .hook('preAction', () => void runtime.config());
  for (const register of registrations) register(program, runtime);
  return program;
}
