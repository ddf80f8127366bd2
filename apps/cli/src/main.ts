import { parseArgs } from 'node:util';
import { CommandRefusedError } from '@ledger/commands';
import { RegistryService } from '@ledger/registry';
import { readLocalityFile } from '@ledger/registry-import';
import { ConfigError, loadLedgerConfig } from '@ledger/config';
import { createLedgerContext } from './cli.context';
import { runDemo } from './demo/run-demo';
import { migrationUsage, runMigrationCommand } from './migration-commands';
import { projectionsFromArgument, rebuildProjections } from './rebuild-projections';

const usage = `program-ledger command line

  demo                                     load the Điện Biên 2024 scenario (safe to run again)
  import-localities --format F --file P    import an official list of administrative units
                                           F: pre-2025 (JSON tree) or post-2025 (conversion CSV)
  rebuild-projections [--projection P]     rebuild read models from position zero beside the live ones
                                           and switch them in; P: registry, balances, audit-trail,
                                           transfers, a comma-separated list, or all (the default)
${migrationUsage}
  help                                     this text

Configuration comes from the environment (LEDGER_DATA_DIR, default ./data); see docs/operations.md.`;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help') {
    print(usage);
    return command === undefined ? 2 : 0;
  }
  const config = loadLedgerConfig();
  if (command === 'demo') {
    const app = await createLedgerContext(config);
    try {
      const started = Date.now();
      const summary = await runDemo(app, print);
      print(`${summary.commands} commands (${summary.duplicates} already recorded) in ${((Date.now() - started) / 1000).toFixed(1)} s; events in ${config.eventStoreFile}`);
    } finally {
      await app.close();
    }
    return 0;
  }
  if (command === 'rebuild-projections') {
    const { values } = parseArgs({ args: [...rest], options: { projection: { type: 'string' } }, strict: true });
    const projections = projectionsFromArgument(values.projection);
    if (!projections) {
      process.stderr.write('rebuild-projections --projection takes registry, balances, audit-trail, transfers, a comma-separated list of them, or all\n');
      return 2;
    }
    const job = await rebuildProjections(config, projections, print);
    return job.status === 'completed' ? 0 : 1;
  }
  if (command === 'import-localities') {
    const { values } = parseArgs({ args: [...rest], options: { format: { type: 'string' }, file: { type: 'string' } }, strict: true });
    if ((values.format !== 'pre-2025' && values.format !== 'post-2025') || !values.file) {
      process.stderr.write('import-localities needs --format pre-2025|post-2025 and --file PATH\n');
      return 2;
    }
    const parsed = await readLocalityFile(values.file, values.format);
    const app = await createLedgerContext(config);
    try {
      const summary = await app.get(RegistryService).importLocalities(parsed.units, parsed.successions, {
        commandId: `import-localities-${Date.now()}`,
        correlationId: `import-localities-${Date.now()}`,
        causationId: `import-localities-${Date.now()}`,
        actor: { id: 'cli', role: 'operator', jurisdiction: null },
        decisionRef: values.format === 'pre-2025' ? 'GSO administrative units (Resolution 1365/NQ-UBTVQH15)' : 'Decision 19/2025/QĐ-TTg',
        effectiveDate: values.format === 'pre-2025' ? '2025-03-01' : '2025-07-01',
      });
      print(JSON.stringify(summary, null, 2));
      return summary.refusedCount === 0 ? 0 : 1;
    } finally {
      await app.close();
    }
  }
  const migrated = await runMigrationCommand(command, rest, config, print);
  if (migrated !== undefined) return migrated;
  process.stderr.write(`unknown command ${command}\n\n${usage}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const details = error instanceof CommandRefusedError ? ` ${error.refusal.code} ${JSON.stringify(error.refusal.details)}` : '';
    process.stderr.write(`${error instanceof ConfigError ? 'configuration error: ' : ''}${error instanceof Error ? error.message : String(error)}${details}\n`);
    process.exit(1);
  },
);
