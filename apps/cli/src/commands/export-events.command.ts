import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';
import { jsonText } from '../json-text';

export const registerExportEventsCommand: CommandRegistration = (program, runtime) => {
  program
    .command('export-events')
    .description('export every event and command record of the embedded store to JSON Lines (the first step of moving to EventStoreDB)')
    .requiredOption('--out <file>', 'the file to write (written as FILE.partial, then renamed)')
    .action(
      runtime.action(async (options: { readonly out: string }) => {
        const config = runtime.config();
        const { exportEvents } = await import('../migration/export-events');
        runtime.print(jsonText(await exportEvents(config, options.out), 2));
        return exitCodes.success;
      }),
    );
};
