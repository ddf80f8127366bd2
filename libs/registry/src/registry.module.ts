import { Global, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JurisdictionChecker, LOCALITY_TREE } from '@ledger/identity';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@ledger/commands';
import type { EventStore } from '@ledger/event-store';
import { MEASURED_EVENT_STORE } from '@ledger/operations';
import { BrowseLocalitiesHttpController } from './browse-localities/browse-localities.http.controller';
import { BrowseRegistryHttpController } from './browse-registry/browse-registry.http.controller';
import { RegisterProgramHandler } from './register-program/register-program.handler';
import { RegisterProgramHttpController } from './register-program/register-program.http.controller';
import { RegistryService } from './registry.service';

/** Reads the registry streams before the process serves, so the first command decides against them. */
@Injectable()
class RegistryCatchUp implements OnApplicationBootstrap {
  constructor(private readonly registry: RegistryService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.catchUp();
  }
}

/**
 * The registry of programs and localities, for every app that decides commands or imports units.
 * Global: every use case's jurisdiction checks read its locality tree (`LOCALITY_TREE`).
 */
@Global()
@Module({
  providers: [
    {
      provide: RegistryService,
      useFactory: (store: EventStore, clock: Clock, ids: IdGenerator) => new RegistryService(store, clock, ids),
      inject: [MEASURED_EVENT_STORE, CLOCK, ID_GENERATOR],
    },
    { provide: LOCALITY_TREE, useExisting: RegistryService },
    JurisdictionChecker,
    RegistryCatchUp,
    RegisterProgramHandler,
  ],
  exports: [RegistryService, LOCALITY_TREE, JurisdictionChecker],
})
export class RegistryModule {}

/** The registry's HTTP endpoints: register a program, browse programs, localities over time and their lineage. */
@Module({ imports: [RegistryModule], controllers: [RegisterProgramHttpController, BrowseRegistryHttpController, BrowseLocalitiesHttpController] })
export class RegistryHttpModule {}

