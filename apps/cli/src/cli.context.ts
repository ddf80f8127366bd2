import 'reflect-metadata';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@ledger/accounts';
import type { LedgerConfig } from '@ledger/config';
import { RegistryModule } from '@ledger/registry';
import { TransferProcessManagerModule, TransfersModule } from '@ledger/transfers';
import { describeStores, LedgerCoreModule, ledgerPolicyOf, openLedgerStores } from '@ledger/wiring';
import { openStore } from './store-opening';

@Module({})
class CliModule {}

export interface LedgerContextOptions {
  /**
   * Whether this process runs the transfer process manager, as the configuration says (the
   * demo waits for its credits). Commands that only act on parked credits leave it off: they
   * need the process manager as an object, not a subscription crediting transfers beside them.
   */
  readonly runProcessManager: boolean;
}

/**
 * The ledger without HTTP, for the command line: the registry, the account use cases on the
 * command bus and the transfer process manager — the same modules as the API.
 */
export async function createLedgerContext(config: LedgerConfig, options: LedgerContextOptions = { runProcessManager: true }): Promise<INestApplicationContext> {
  const stores = await openStore(`the stores (${describeStores(config)})`, () => openLedgerStores(config, { readModels: false }));
  const app = await NestFactory.createApplicationContext(
    {
      module: CliModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRoot({ stores, policy: ledgerPolicyOf(config) }),
        RegistryModule,
        AccountsModule,
        TransfersModule,
        ...(options.runProcessManager && config.processManagerEnabled ? [TransferProcessManagerModule] : []),
      ],
    },
    { logger: ['fatal', 'error', 'warn'], abortOnError: false },
  );
  await app.init();
  return app;
}
export { describeStores };
