import type { CommandRegistration } from '../../cli-runtime';
import { registerParkedCommand } from './parked.command';
import { registerRetryCreditCommand } from './retry-credit.command';

/** `transfers …`: what an operator does about transfer credits the process manager parked. */
export const registerTransfersCommands: CommandRegistration = (program, runtime) => {
  const transfers = program.command('transfers').description('transfer credits the transfer process manager parked: list them, retry one');
  for (const register of [registerParkedCommand, registerRetryCreditCommand]) register(transfers, runtime);
};
