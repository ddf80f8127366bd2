import { Option } from 'commander';
import type { LocalityFileFormat } from '@ledger/registry-import';
import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';
import { requireInputFile } from '../input-file';
import { jsonText } from '../json-text';

/**
 * The formats the registry import reads, written out here so that `--help` need not load the
 * parsers to list them; the type keeps each a real one, and a spec checks that none is missing.
 */
export const localityFileFormatChoices = ['pre-2025', 'post-2025'] as const satisfies readonly LocalityFileFormat[];

export const registerImportLocalitiesCommand: CommandRegistration = (program, runtime) => {
  program
    .command('import-localities')
    .description('import an official list of administrative units; re-running registers nothing twice, and a unit that conflicts with the registry is reported and skipped (exit 1)')
    .addOption(new Option('--format <format>', 'pre-2025: the GSO three-level JSON tree; post-2025: the new↔old conversion CSV').choices(localityFileFormatChoices).makeOptionMandatory())
    .requiredOption('--file <path>', 'the official file, read where it is (UTF-8)')
    .action(
      runtime.action(async (options: { readonly format: LocalityFileFormat; readonly file: string }) => {
        const config = runtime.config();
        await requireInputFile(options.file);
        const { importLocalityFile } = await import('../localities/import-locality-file');
        const summary = await importLocalityFile(config, options.file, options.format);
        runtime.print(jsonText(summary, 2));
        return summary.refusedCount === 0 ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
