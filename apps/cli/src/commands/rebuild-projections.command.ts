import { InvalidArgumentError, Option } from 'commander';
import type { ProjectionName } from '@ledger/read-models';
import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';

/**
 * The read models' projections, written out here so that `--help` need not load the read models
 * (dozens of modules) to list them; the type keeps each a real one, and a spec checks that none
 * is missing.
 */
export const projectionChoices = ['registry', 'balances', 'audit-trail', 'transfers', 'approvals', 'account-history'] as const satisfies readonly ProjectionName[];

const projectionChoicesText = `${projectionChoices.join(', ')}, a comma-separated list of them, or all`;

function isProjectionChoice(name: string): name is (typeof projectionChoices)[number] {
  return (projectionChoices as readonly string[]).includes(name);
}

/** `--projection`: one name, a comma-separated list, or `all`; anything else is a usage error. */
function projectionList(text: string): readonly ProjectionName[] {
  if (text === 'all') return projectionChoices;
  const names = text.split(',');
  if (!names.every(isProjectionChoice)) throw new InvalidArgumentError(`Expected ${projectionChoicesText}.`);
  return names;
}

export const registerRebuildProjectionsCommand: CommandRegistration = (program, runtime) => {
  program
    .command('rebuild-projections')
    .description('rebuild read models from position zero beside the live ones and switch them in; may run while the API serves queries from the same files')
    .addOption(new Option('--projection <names>', `what to rebuild: ${projectionChoicesText}`).argParser(projectionList).default(projectionChoices, 'all'))
    .action(
      runtime.action(async (options: { readonly projection: readonly ProjectionName[] }) => {
        const config = runtime.config();
        const { rebuildProjections } = await import('../projections/rebuild-projections');
        const job = await rebuildProjections(config, options.projection, (line) => runtime.print(line));
        return job.status === 'completed' ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
