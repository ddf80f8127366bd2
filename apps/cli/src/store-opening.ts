import { CommandLineFailure } from './command-line-failure';
import { exitCodes } from './exit-codes';

/**
 * Opens a store; a failure ends the command with exit code 4 and a message naming the store, so
 * that an operator can tell a store that is down or locked from a command that went wrong.
 */
export async function openStore<Store>(description: string, open: () => Promise<Store>): Promise<Store> {
  try {
    return await open();
  } catch (error) {
    throw new CommandLineFailure(exitCodes.storeFailed, `could not open ${description}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
