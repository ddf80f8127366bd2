import { Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
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

/** The registry of programs and localities, for every app that decides commands or imports units. */
@Module({
  providers: [
    {
      provide: RegistryService,
      useFactory: (store: EventStore, clock: Clock, ids: IdGenerator) => new RegistryService(store, clock, ids),
      inject: [MEASURED_EVENT_STORE, CLOCK, ID_GENERATOR],
    },
    RegistryCatchUp,
    RegisterProgramHandler,
  ],
  exports: [RegistryService],
})
export class RegistryModule {}

/** The registry's HTTP endpoints: register a program, browse programs, localities over time and their lineage. */
@Module({ imports: [RegistryModule], controllers: [RegisterProgramHttpController, BrowseRegistryHttpController, BrowseLocalitiesHttpController] })
export class RegistryHttpModule {}

