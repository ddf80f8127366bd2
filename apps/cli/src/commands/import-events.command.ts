import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';
import { requireInputFile } from '../input-file';
import { jsonText } from '../json-text';
import { eventStoreUrlHelp, eventStoreUrlOption } from './event-store-url.option';

export const registerImportEventsCommand: CommandRegistration = (program, runtime) => {
  program
    .command('import-events')
    .description('import a JSON Lines export into EventStoreDB; safe to re-run (events already there are recognised), and stops at the first stream that differs (exit 1)')
    .requiredOption('--in <file>', 'the export written by export-events')
    .requiredOption('--to <url>', eventStoreUrlHelp, eventStoreUrlOption)
    .action(
      runtime.action(async (options: { readonly in: string; readonly to: EventStoreLocation }) => {
        await requireInputFile(options.in);
        const { importEvents } = await import('../migration/import-events');
        runtime.print(jsonText(await importEvents(options.in, options.to), 2));
        return exitCodes.success;
      }),
    );
};
