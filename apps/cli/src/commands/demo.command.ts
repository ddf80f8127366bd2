import type { CommandRegistration } from '../cli-runtime';
import { exitCodes } from '../exit-codes';

export const registerDemoCommand: CommandRegistration = (program, runtime) => {
  program
    .command('demo')
    .description('load the Điện Biên 2024 scenario through the command bus (safe to run again: its command ids are fixed, so a second run writes nothing)')
    .action(
      runtime.action(async () => {
        const config = runtime.config();
        const [{ createLedgerContext, describeStores }, { runDemo }] = await Promise.all([import('../cli.context'), import('../demo/run-demo')]);
        const app = await createLedgerContext(config);
        try {
          const started = Date.now();
          const summary = await runDemo(app, (line) => runtime.print(line));
          const seconds = (Date.now() - started) / 1000;
          // The stores the demo used, whichever they are (passwords masked), not a file that may not be in use.
          runtime.print(`${summary.commands} commands (${summary.duplicates} already recorded) in ${seconds.toFixed(1)} s; ${describeStores(config)}`);
        } finally {
          await app.close();
        }
        return exitCodes.success;
      }),
    );
};
