import type { EventStoreLocation } from '@ledger/config';
import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';
import { jsonText } from '../json-text';
import { eventStoreUrlHelp, eventStoreUrlOption } from './event-store-url.option';

export const registerVerifyMigrationCommand: CommandRegistration = (program, runtime) => {
  program
    .command('verify-migration')
    .description('compare the embedded store with the target: event and command counts and per-stream hashes (exit 1 when they differ)')
    .requiredOption('--to <url>', eventStoreUrlHelp, eventStoreUrlOption)
    .action(
      runtime.action(async (options: { readonly to: EventStoreLocation }) => {
        const config = runtime.config();
        const { verifyMigrationTo } = await import('../migration/verify-migration');
        const report = await verifyMigrationTo(config, options.to);
        runtime.print(jsonText(report, 2));
        return report.matches ? exitCodes.success : exitCodes.problemFound;
      }),
    );
};
