import 'reflect-metadata';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@ledger/accounts';
import type { LedgerConfig } from '@ledger/config';
import { RegistryModule } from '@ledger/registry';
import { TransferProcessManagerModule, TransfersModule } from '@ledger/transfers';
import { describeStores, LedgerCoreModule, openLedgerStores } from '@ledger/wiring';
import { openStore } from './store-opening';

@Module({})
class CliModule {}

/**
 * The ledger without HTTP, for the command line: the registry, the account use cases on the
 * command bus and, as configured, the transfer process manager — the same modules as the API.
 */
export async function createLedgerContext(config: LedgerConfig): Promise<INestApplicationContext> {
  const stores = await openStore(`the stores (${describeStores(config)})`, () => openLedgerStores(config, { readModels: false }));
  const app = await NestFactory.createApplicationContext(
    {
      module: CliModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerCoreModule.forRoot({ stores }),
        RegistryModule,
        AccountsModule,
        TransfersModule,
        ...(config.processManagerEnabled ? [TransferProcessManagerModule] : []),
      ],
    },
    { logger: ['fatal', 'error', 'warn'], abortOnError: false },
  );
  await app.init();
  return app;
}
