import type { LedgerConfig } from '@ledger/config';
import { TransferProcessManager } from '@ledger/transfers';
import { createLedgerContext } from '../cli.context';

/**
 * Hands `work` the transfer process manager as an object, in a ledger context that does not run
 * it: listing or retrying parked credits should not also start crediting transfers in this
 * process. Safe beside a running API or worker: a credit's command id makes a second recording
 * of it impossible.
 */
export async function withTransferProcessManager<Result>(config: LedgerConfig, work: (processManager: TransferProcessManager) => Promise<Result>): Promise<Result> {
  const app = await createLedgerContext(config, { runProcessManager: false });
  try {
    return await work(app.get(TransferProcessManager));
  } finally {
    await app.close();
  }
}
