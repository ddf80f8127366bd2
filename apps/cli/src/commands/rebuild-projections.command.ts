import { InvalidArgumentError, Option } from 'commander';
import { isProjectionName, projectionNames, type ProjectionName } from '@ledger/read-models';
import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';

const projectionChoices = `${projectionNames.join(', ')}, a comma-separated list of them, or all`;

/** `--projection`: one name, a comma-separated list, or `all`; anything else is a usage error. */
function projectionList(text: string): readonly ProjectionName[] {
  if (text === 'all') return projectionNames;
  const names = text.split(',');
  if (!names.every(isProjectionName)) throw new InvalidArgumentError(`Expected ${projectionChoices}.`);
  return names;
}

export const registerRebuildProjectionsCommand: CommandRegistration = (program, runtime) => {
  program
    .command('rebuild-projections')
    .description('rebuild read models from position zero beside the live ones and switch them in; may run while the API serves queries from the same files')
    .addOption(new Option('--projection <names>', `what to rebuild: ${projectionChoices}`).argParser(projectionList).default(projectionNames, 'all'))
    .action(
      runtime.action(async (options: { readonly projection: readonly ProjectionName[] }) => {
        const config = runtime.config();
        const { rebuildProjections } = await import('../projections/rebuild-projections');
        const job = await rebuildProjections(config, options.projection, (line) => runtime.print(line));
        return job.status === 'completed' ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
